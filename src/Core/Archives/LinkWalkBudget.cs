namespace Env.Core.Archives;

/// <summary>
/// Bounds the total work of resolving symlinks in one archive. The per-lookup cap (<see cref="SymlinkResolver.MaxFollowsPerLookup"/>)
/// bounds each link, but an archive may hold a million links, each re-checked when later ones arrive; this bounds the
/// sum. It is also where link resolution notices Ctrl+C, since a walk can run long without writing a byte.
/// </summary>
internal sealed class LinkWalkBudget(long limit, ArchiveErrors errors, CancellationToken ct)
{
    /// <summary>
    /// Path components walked, links followed included. A real archive needs a handful per link (a root file system of
    /// 10,000 links about 200,000 in all); this leaves wide headroom and still stops a hostile one within a second or so.
    /// </summary>
    public const long DefaultLimit = 1_000_000;

    public long Used { get; private set; }

    public void Spend(string entry)
    {
        ct.ThrowIfCancellationRequested();
        if (++Used > limit) throw errors.LinkWork(entry, $"its symlinks take more than {limit} steps to resolve");
    }
}
