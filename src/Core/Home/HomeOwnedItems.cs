using Env.Core.Diagnostics;

namespace Env.Core.Home;

/// <summary>
/// The <c>Module</c> metadata of the items a module produces (<c>Tool</c>, <c>EnvVar</c>, <c>ShellAlias</c>,
/// <c>HomeActivation</c>), taken off before each item's own parser sees it, and what it means when two owners meet: the
/// same item written alike by a module and another owner is kept once (two modules may both want <c>~/.local/bin</c> on
/// PATH), and an alias or a variable given different values by two owners is an error naming both (ENV0063), never a
/// silent winner.
/// </summary>
public static class HomeOwnedItems
{
    /// <param name="itemType">ShellAlias and EnvVar are checked for conflicting values; other types only lose their owner keys.</param>
    public static IReadOnlyList<(string Include, IReadOnlyDictionary<string, string> Metadata)> Resolve(string itemType,
        IEnumerable<(string Include, IReadOnlyDictionary<string, string> Metadata)> items, string? projectFile)
    {
        var kept = new List<(string Include, IReadOnlyDictionary<string, string> Metadata, HomeItemOwner Owner)>();
        foreach (var (include, written) in items)
        {
            var (owner, rest) = HomeItemOwner.Split(written);
            var same = kept.FindIndex(k => !k.Owner.SameOwnerAs(owner) && (k.Owner.IsModule || owner.IsModule)
                && string.Equals(k.Include, include, StringComparison.OrdinalIgnoreCase) && Alike(k.Metadata, rest));
            if (same >= 0) continue;
            if (Conflicting(itemType, kept, include, rest, owner) is { } other)
            {
                throw new EnvException(EnvCode.ENV0063,
                    $"{itemType} '{PrintableText.Of(include)}' is given by {other.Describe()} and by {owner.Describe()}, with different values. Keep one: set the module's option that leaves it out, or remove your item.",
                    projectFile);
            }
            kept.Add((include, rest, owner));
        }
        return kept.Select(k => (k.Include, k.Metadata)).ToList();
    }

    /// <summary>
    /// Another owner's item that this one contradicts, when a module is one of them: an alias of the same name, or a
    /// variable the one sets or unsets and the other also changes. Prepend and Append from several owners add up, as
    /// the variable's own rules say; two items of one owner are the parser's to judge (ENV0020, ENV0033).
    /// </summary>
    private static HomeItemOwner? Conflicting(string itemType, IEnumerable<(string Include, IReadOnlyDictionary<string, string> Metadata, HomeItemOwner Owner)> kept,
        string include, IReadOnlyDictionary<string, string> metadata, HomeItemOwner owner)
    {
        var alias = string.Equals(itemType, "ShellAlias", StringComparison.OrdinalIgnoreCase);
        var variable = string.Equals(itemType, "EnvVar", StringComparison.OrdinalIgnoreCase);
        if (!alias && !variable) return null;
        foreach (var k in kept)
        {
            if (k.Owner.SameOwnerAs(owner) || !(k.Owner.IsModule || owner.IsModule)) continue;
            if (!string.Equals(k.Include, include, StringComparison.OrdinalIgnoreCase)) continue;
            if (alias || SetsOrUnsets(k.Metadata) || SetsOrUnsets(metadata)) return k.Owner;
        }
        return null;
    }

    private static bool SetsOrUnsets(IReadOnlyDictionary<string, string> metadata) =>
        !metadata.Keys.Any(k => string.Equals(k, "Prepend", StringComparison.OrdinalIgnoreCase) || string.Equals(k, "Append", StringComparison.OrdinalIgnoreCase));

    private static bool Alike(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.Any(o => string.Equals(o.Key, kv.Key, StringComparison.OrdinalIgnoreCase) && string.Equals(o.Value, kv.Value, StringComparison.Ordinal)));
}
