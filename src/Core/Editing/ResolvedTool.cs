namespace Env.Core.Editing;

/// <summary>A tool resolved for <c>dotnet env add</c>: the item to write and what the user should be told about it.</summary>
/// <param name="Item">The Tool item, ready for <see cref="EnvProjectEditor.Add"/>.</param>
/// <param name="ResolvedVersion">The version the feeds gave (for a floating request, what it resolves to today).</param>
/// <param name="Commands">The commands the tool will put on PATH, as far as can be told before the build.</param>
/// <param name="Origin">The feed the package came from, or the URL (redacted).</param>
/// <param name="Inferred">What was read from the URL rather than given (e.g. "name and version from the URL"), or null.</param>
public sealed record ResolvedTool(ToolItem Item, string ResolvedVersion, IReadOnlyList<string> Commands, string Origin, string? Inferred = null);
