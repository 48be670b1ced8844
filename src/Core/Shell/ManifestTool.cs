namespace Env.Core.Shell;

/// <summary>A tool of a built env as <c>dotnet env print --json</c> shows it: what is on PATH, from which store entry.</summary>
public sealed record ManifestTool(string Name, string Version, string StorePath, IReadOnlyList<string> Commands);
