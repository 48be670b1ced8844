using Env.Core.Diagnostics;

namespace Env.Core.ToolSets;

/// <summary>
/// The sets an env.proj uses, from the <c>ToolDefinition</c> items MSBuild evaluated (each knows the file that defined
/// it). Each set file is read again as <c>dotnet env run</c> reads it (<see cref="ToolSetFile"/>) and must say exactly
/// what MSBuild made of it, so a set means one thing to both: a set that needs MSBuild to be read (a condition, a
/// property), or an env.proj that changes a set's items (<c>Update</c>, <c>Remove</c>), is refused (ENV0444).
/// </summary>
public static class EvaluatedToolSets
{
    /// <param name="items">Every evaluated ToolDefinition item, in evaluation order, with <see cref="ToolDefinitionItem.File"/> the file that defined it.</param>
    /// <param name="projectFile">env.proj: ToolDefinition items there are refused (ENV0056), an env writes Tool items.</param>
    public static IReadOnlyList<ToolSet> From(IEnumerable<ToolDefinitionItem> items, string projectFile)
    {
        var project = Path.GetFullPath(projectFile);
        var sets = new List<ToolSet>();
        // An item without a defining file (made by a task, not by evaluation) is taken as env.proj's own: refused below.
        foreach (var group in items.GroupBy(i => Path.GetFullPath(string.IsNullOrEmpty(i.File) ? project : i.File), StringComparer.Ordinal))
        {
            var file = group.Key;
            if (string.Equals(file, project, StringComparison.Ordinal))
            {
                throw new EnvException(EnvCode.ENV0056,
                    $"env.proj defines ToolDefinition '{group.First().Name}'. ToolDefinition items belong in a tool set (a package used with <Sdk Name=\"…\" Version=\"…\" />, or a file of them imported); in env.proj write the Tool item itself, with its Version and Url or Package.",
                    projectFile);
            }
            var literal = ToolSetFile.ReadItems(file);
            var evaluated = group.ToList();
            var difference = FirstDifference(evaluated, literal);
            if (difference is not null)
            {
                throw new EnvException(EnvCode.ENV0444,
                    $"Tool set {file}: MSBuild's items differ from what the file says ({difference}). A set is used as written: do not Update or Remove its ToolDefinition items in env.proj (override a tool with a full Tool item of your own instead), and keep the set file literal.",
                    file);
            }
            sets.Add(new ToolSet(ToolSetName.Of(file), file, ToolDefinitionParser.ParseAll(literal)));
        }
        return sets;
    }

    private static string? FirstDifference(IReadOnlyList<ToolDefinitionItem> evaluated, IReadOnlyList<ToolDefinitionItem> literal)
    {
        for (var i = 0; i < Math.Max(evaluated.Count, literal.Count); i++)
        {
            if (i >= evaluated.Count) return $"the file's ToolDefinition '{literal[i].Name}' (line {literal[i].Line}) is not among MSBuild's items";
            if (i >= literal.Count) return $"MSBuild has ToolDefinition '{evaluated[i].Name}', which the file does not define as written";
            var (e, l) = (evaluated[i], literal[i]);
            if (!string.Equals(e.Name, l.Name, StringComparison.Ordinal))
                return $"MSBuild has ToolDefinition '{e.Name}' where the file's line {l.Line} defines '{l.Name}'";
            foreach (var key in e.Metadata.Keys.Union(l.Metadata.Keys, StringComparer.OrdinalIgnoreCase))
            {
                e.Metadata.TryGetValue(key, out var ev);
                l.Metadata.TryGetValue(key, out var lv);
                if (!string.Equals(ev ?? "", lv ?? "", StringComparison.Ordinal))
                    return $"ToolDefinition '{l.Name}' (line {l.Line}): {key} is '{PrintableText.Of(ev ?? "")}' to MSBuild, '{PrintableText.Of(lv ?? "")}' in the file";
            }
        }
        return null;
    }
}
