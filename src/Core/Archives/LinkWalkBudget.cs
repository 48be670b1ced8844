namespace Env.Core.Archives;

/// <summary>
/// Bounds the total work of resolving symlinks in one archive. The per-lookup cap (<see cref="SymlinkResolver.MaxFollowsPerLookup"/>)
/// bounds each link, but an archive may hold a million links, each re-checked when later ones arrive; this bounds the
/// sum. It is also where link resolution notices Ctrl+C, since a walk can run long without writing a byte.
/// </summary>
internal sealed class LinkWalkBudget(long limit, ArchiveErrors errors, CancellationToken ct)
{
    /// <summary>
    /// Steps: one per path component walked, plus the depth of every path looked up (joining and hashing it costs
    /// that). A real link costs a few dozen (a root file system of 10,000 links about 500,000 in all, checked twice);
    /// this leaves headroom and still stops a hostile archive well within a second.
    /// </summary>
    public const long DefaultLimit = 4_000_000;

    public long Used { get; private set; }

    public void Spend(long steps, string entry)
    {
        ct.ThrowIfCancellationRequested();
        Used += steps;
        if (Used > limit) throw errors.LinkWork(entry, $"is where the archive's symlinks took more than {limit} steps to resolve");
    }
}
