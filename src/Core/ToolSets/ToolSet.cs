using Env.Core.Model;

namespace Env.Core.ToolSets;

/// <summary>A tool set in use: its name (<see cref="ToolSetName"/>), its file, and what it defines, every platform's item.</summary>
public sealed record ToolSet(string Name, string File, IReadOnlyList<ToolSpec> Definitions)
{
    /// <summary>The names of the tools it defines, sorted, each once.</summary>
    public IReadOnlyList<string> ToolNames =>
        Definitions.Select(d => d.Name).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>Every platform's definition of <paramref name="tool"/>; empty when the set does not define it.</summary>
    public IReadOnlyList<ToolSpec> Find(string tool) =>
        Definitions.Where(d => string.Equals(d.Name, tool, StringComparison.OrdinalIgnoreCase)).ToList();
}
