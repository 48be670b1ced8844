namespace Env.Core.Home;

/// <summary>
/// Which <c>OnChange</c> commands a switch runs (Home Manager's <c>home.file.&lt;name&gt;.onChange</c>): those of the new
/// generation whose place's content differs from the generation the home was at: a file added or changed (its bytes or
/// its execute bit), or, for a folder source, any file under it added, changed or removed. A place whose item the new
/// generation no longer has runs nothing: the command belongs to the configuration that dropped it, as in Home Manager.
/// Each distinct command runs once per switch, in item order, however many of its places changed.
/// </summary>
public static class HomeOnChange
{
    /// <summary>The HomeFile items' OnChange commands, in item order, as the generation records them.</summary>
    public static IReadOnlyList<HomeOnChangeEntry> Of(IEnumerable<HomeFileSpec> files) =>
        files.Where(f => f.OnChange is not null).SelectMany(f => f.MoreOnChange.Prepend(f.OnChange!).Select(c => new HomeOnChangeEntry(f.Path, c))).ToList();

    /// <param name="from">The generation the home was at; null when there was none (or its entry is gone), which makes every place changed.</param>
    public static IReadOnlyList<HomeOnChangeEntry> Due(HomeManifest? from, HomeManifest to)
    {
        if (to.OnChange.Count == 0) return [];
        var changed = ChangedPaths(from, to);
        var due = new List<HomeOnChangeEntry>();
        var commands = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in to.OnChange)
            if (Touches(changed, entry.Place) && commands.Add(entry.Command)) due.Add(entry);
        return due;
    }

    /// <summary>Every place whose content differs between the two generations, in ordinal order.</summary>
    private static List<string> ChangedPaths(HomeManifest? from, HomeManifest to)
    {
        var old = (from?.Files ?? []).ToDictionary(f => f.Path, StringComparer.Ordinal);
        var paths = new List<string>();
        foreach (var f in to.Files)
        {
            if (!old.Remove(f.Path, out var o) || o.Sha256 != f.Sha256 || o.Executable != f.Executable) paths.Add(f.Path);
        }
        paths.AddRange(old.Keys);
        paths.Sort(StringComparer.Ordinal);
        return paths;
    }

    /// <summary>Whether a changed path is <paramref name="place"/> or under it: two binary searches.</summary>
    private static bool Touches(List<string> changed, string place)
    {
        if (changed.BinarySearch(place, StringComparer.Ordinal) >= 0) return true;
        // The paths under "place/" sort together, from where "place/" would be.
        var prefix = place + "/";
        var j = changed.BinarySearch(prefix, StringComparer.Ordinal);
        j = j >= 0 ? j : ~j;
        return j < changed.Count && changed[j].StartsWith(prefix, StringComparison.Ordinal);
    }
}
