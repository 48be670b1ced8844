namespace Env.Core.ToolSets;

/// <summary>
/// One <c>ToolDefinition</c> item of a tool set, as written (or as MSBuild evaluated it): its name and metadata, not yet
/// judged. <see cref="ToolDefinitionParser"/> judges it exactly as a <c>Tool</c> item.
/// </summary>
/// <param name="Line">The line in <paramref name="File"/>, or 0 when MSBuild gave the item (it does not say).</param>
public sealed record ToolDefinitionItem(string Name, IReadOnlyDictionary<string, string> Metadata, string File, int Line);
