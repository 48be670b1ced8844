using Env.Core.Platforms;
using Env.Core.Diagnostics;

namespace Env.Core.Model;

/// <summary>
/// Picks, for each tool, the item meant for a platform: the first RID of the platform's fallback chain
/// that some item names (an item without Rid counts as <c>any</c>).
/// </summary>
public static class ToolSelection
{
    public static IReadOnlyList<ToolSpec> ForPlatform(IEnumerable<ToolSpec> specs, string rid)
    {
        var chain = RuntimeIdentifierChain.Fallbacks(rid);
        var selected = new List<ToolSpec>();
        foreach (var group in GroupByTool(specs))
        {
            var pick = chain
                .Select(r => group.FirstOrDefault(s => string.Equals(s.LockRid, r, StringComparison.OrdinalIgnoreCase)))
                .FirstOrDefault(s => s is not null);
            if (pick is null)
            {
                throw new EnvException(EnvCode.ENV0005,
                    $"Tool '{group[0].Name}' has no item for this platform ({rid}); it offers: {string.Join(", ", group.Select(s => s.LockRid))}. Add a Tool item with Rid=\"{rid}\" (or a RID it falls back to: {string.Join(" → ", chain)}).",
                    group[0].DeclaredIn);
            }
            selected.Add(pick);
        }
        return selected;
    }

    /// <summary>Groups items by tool name, refusing two items of one tool for the same platform.</summary>
    public static IReadOnlyList<IReadOnlyList<ToolSpec>> GroupByTool(IEnumerable<ToolSpec> specs)
    {
        var groups = new List<IReadOnlyList<ToolSpec>>();
        foreach (var group in specs.GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var list = group.ToList();
            var dup = list.GroupBy(s => s.LockRid, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (dup is not null)
                throw new EnvException(EnvCode.ENV0014, $"Tool '{group.Key}' has more than one item for Rid '{dup.Key}'; keep one.", list[0].DeclaredIn);
            groups.Add(list);
        }
        return groups;
    }
}
