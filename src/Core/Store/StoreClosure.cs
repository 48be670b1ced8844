namespace Env.Core.Store;

/// <summary>
/// The entries reachable from some starting entries by references (<see cref="EntryReferences"/>): what a root keeps.
/// Only entries in <paramref name="present"/> count, so a hash that merely looks like one, or names an entry that is
/// gone, leads nowhere. Only reached entries are ever scanned.
/// </summary>
public static class StoreClosure
{
    public static HashSet<string> Of(StoreLayout layout, IEnumerable<string> start, IReadOnlyCollection<string> present, CancellationToken ct = default)
    {
        var byHash = present.ToDictionary(StoreEntryName.HashPart, n => n, StringComparer.Ordinal);
        var reached = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(start.Where(s => byHash.ContainsKey(StoreEntryName.HashPart(s)) && byHash[StoreEntryName.HashPart(s)] == s));
        while (pending.Count > 0)
        {
            var entry = pending.Pop();
            if (!reached.Add(entry)) continue;
            foreach (var hash in EntryReferences.HashesIn(layout, entry, ct))
            {
                if (byHash.TryGetValue(hash, out var next) && !reached.Contains(next)) pending.Push(next);
            }
        }
        return reached;
    }
}
