using Env.Core.Platforms;
using Env.Core.Diagnostics;

namespace Env.Core.Model;

/// <summary>
/// Picks, for each tool, the item meant for a platform: the first RID of the platform's fallback chain
/// that some item names (an item without Rid counts as <c>any</c>). A tool whose <c>Platforms</c> name nothing on the
/// chain, or an <c>Optional</c> tool with no item on it, is absent there: the platform simply has no such tool.
/// </summary>
public static class ToolSelection
{
    /// <summary>The item chosen for each tool that <paramref name="rid"/> has; ENV0005 for a tool it lacks that is not optional.</summary>
    public static IReadOnlyList<ToolSpec> ForPlatform(IEnumerable<ToolSpec> specs, string rid) => Choose(specs, rid).Tools;

    /// <summary><see cref="Survey"/>, refusing (ENV0005) a tool the platform lacks that env.proj does not say it may lack.</summary>
    public static PlatformChoice Choose(IEnumerable<ToolSpec> specs, string rid)
    {
        var choice = Survey(specs, rid);
        if (choice.Uncovered.Count > 0)
        {
            var group = choice.Uncovered[0];
            var chain = RuntimeIdentifierChain.Fallbacks(rid);
            throw new EnvException(EnvCode.ENV0005,
                $"Tool '{group[0].Name}' has no item for this platform ({rid}); it offers: {string.Join(", ", group.Select(s => s.LockRid))}. Add a Tool item with Rid=\"{rid}\" (or a RID it falls back to: {string.Join(" → ", chain)}), " +
                $"or, if the tool does not exist here, mark it Optional=\"true\" (or list where it exists in Platforms=\"…\").",
                group[0].DeclaredIn);
        }
        return choice;
    }

    /// <summary>What <paramref name="rid"/> gets of the tools, without refusing anything but what <see cref="GroupByTool"/> refuses.</summary>
    public static PlatformChoice Survey(IEnumerable<ToolSpec> specs, string rid)
    {
        var chain = RuntimeIdentifierChain.Fallbacks(rid);
        var selected = new List<ToolSpec>();
        var absent = new List<string>();
        var uncovered = new List<IReadOnlyList<ToolSpec>>();
        foreach (var group in GroupByTool(specs))
        {
            var (optional, platforms) = Availability(group);
            if (platforms is not null && !platforms.Any(p => chain.Contains(p, StringComparer.OrdinalIgnoreCase)))
            {
                absent.Add(group[0].Name);
                continue;
            }
            var pick = chain
                .Select(r => group.FirstOrDefault(s => string.Equals(s.LockRid, r, StringComparison.OrdinalIgnoreCase)))
                .FirstOrDefault(s => s is not null);
            if (pick is not null) selected.Add(pick);
            else if (optional) absent.Add(group[0].Name);
            else uncovered.Add(group);
        }
        return new PlatformChoice(rid, selected, absent, uncovered);
    }

    /// <summary>
    /// Groups items by tool name, refusing two items of one tool for the same platform (ENV0014), items that say different
    /// things about where the tool exists (ENV0058), and an item for a platform the tool's <c>Platforms</c> leave out (ENV0057).
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<ToolSpec>> GroupByTool(IEnumerable<ToolSpec> specs)
    {
        var groups = new List<IReadOnlyList<ToolSpec>>();
        foreach (var group in specs.GroupBy(s => s.Name, StringComparer.OrdinalIgnoreCase).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var list = group.ToList();
            var dup = list.GroupBy(s => s.LockRid, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
            if (dup is not null)
                throw new EnvException(EnvCode.ENV0014, $"Tool '{group.Key}' has more than one item for Rid '{dup.Key}'; keep one.", list[0].DeclaredIn);
            CheckAvailability(group.Key, list);
            groups.Add(list);
        }
        return groups;
    }

    /// <summary>
    /// Optional and Platforms are about the tool, so one item may say them for all; items that say them must say the same,
    /// else which one counts would depend on the platform.
    /// </summary>
    private static void CheckAvailability(string tool, IReadOnlyList<ToolSpec> items)
    {
        if (items.Where(s => s.Optional is not null).Select(s => s.Optional).Distinct().Count() > 1)
        {
            throw new EnvException(EnvCode.ENV0058,
                $"Tool '{tool}' has items that give different Optional values; it is about the tool, not one item. Give Optional on one item, or the same value on each.",
                items[0].DeclaredIn);
        }
        var lists = items.Where(s => s.Platforms is not null).Select(s => s.Platforms!).ToList();
        if (lists.Select(Key).Distinct(StringComparer.Ordinal).Count() > 1)
        {
            throw new EnvException(EnvCode.ENV0058,
                $"Tool '{tool}' has items that give different Platforms ({string.Join(" and ", lists.Select(l => $"\"{string.Join(';', l)}\"").Distinct())}); they are about the tool, not one item. Give Platforms on one item, or the same list on each.",
                items[0].DeclaredIn);
        }
        if (lists.Count == 0) return;
        // An item no listed platform would choose is dead text, most likely a RID left out of the list by mistake.
        var platforms = lists[0];
        var unused = items.FirstOrDefault(s => !platforms.Any(p => Reaches(s.LockRid, p)));
        if (unused is not null)
        {
            throw new EnvException(EnvCode.ENV0057,
                $"Tool '{tool}' has an item for {unused.LockRid}, which no platform in its Platforms (\"{string.Join(';', platforms)}\") would use. Add {unused.LockRid} to Platforms, or remove the item.",
                unused.DeclaredIn);
        }
    }

    private static (bool Optional, IReadOnlyList<string>? Platforms) Availability(IReadOnlyList<ToolSpec> group) =>
        (group.Any(s => s.Optional == true), group.Select(s => s.Platforms).FirstOrDefault(p => p is not null));

    /// <summary>Whether a platform in <paramref name="platform"/>'s family (itself, or one more specific) would choose an item for <paramref name="itemRid"/>.</summary>
    private static bool Reaches(string itemRid, string platform) =>
        RuntimeIdentifierChain.Fallbacks(platform).Contains(itemRid, StringComparer.OrdinalIgnoreCase)
        || RuntimeIdentifierChain.Fallbacks(itemRid).Contains(platform, StringComparer.OrdinalIgnoreCase);

    private static string Key(IReadOnlyList<string> platforms) =>
        string.Join(';', platforms.Select(p => p.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal));
}
