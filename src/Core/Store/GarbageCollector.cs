using Env.Core.Diagnostics;

namespace Env.Core.Store;

/// <summary>
/// <c>dotnet env gc</c>, with the promise Nix's collector makes: no entry a root reaches or a living process holds is
/// removed. Under the exclusive <see cref="GcLock"/>:
/// <list type="number">
/// <item>Roots: what living processes hold (<see cref="ProcessRoots"/>), then the permanent roots (<see cref="GcRoots"/>) —
/// in that order, so a process that registers its root and exits in between is seen one way or the other.</item>
/// <item>Mark: their closure (<see cref="StoreClosure"/>).</item>
/// <item>Remove every other entry, each by one rename into <c>.tmp</c> and then a delete (<see cref="EntryRemoval"/>).</item>
/// <item>Sweep what removed entries and dead processes leave: lock files, cached references, staging, process records,
/// and <c>.links</c> files no entry links to any more.</item>
/// </list>
/// A dry run reads and marks as a collection does, and reports what it would remove and free. An entry that cannot be
/// removed (another user's, in a shared store) is a warning (ENV0317) and stays; the rest is still collected.
/// Bookkeeping folders that are not real folders stop it before it deletes anything (ENV0320, when the lock is taken).
/// </summary>
public sealed class GarbageCollector(StoreLayout layout, IEnvLog log)
{
    public GcReport Collect(bool dryRun, CancellationToken ct = default)
    {
        using var gcLock = GcLock.Exclusive(layout, log);
        var held = ProcessRoots.Living(layout, dryRun, out var deadRecords);
        var roots = GcRoots.Enumerate(layout);
        var dropped = roots.Where(r => r.Dangling).ToList();
        if (!dryRun)
        {
            foreach (var root in dropped) File.Delete(root.RootPath);
        }

        var present = StoreEntryName.InStore(layout);
        var live = StoreClosure.Of(layout, held.Concat(RootEntries(roots, present)), present, ct);
        var removed = new List<string>();
        long freed = 0;
        foreach (var entry in present.Where(e => !live.Contains(e)))
        {
            ct.ThrowIfCancellationRequested();
            var bytes = FreedBy(layout.EntryPath(entry), dryRun);
            if (!dryRun)
            {
                try
                {
                    EntryRemoval.Remove(layout, entry);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // A shared store's entry of another user: the rest is still collected.
                    log.Warning(EnvCode.ENV0317, $"Could not remove {layout.EntryPath(entry)}: {e.Message} It stays; remove it as its owner.", layout.EntryPath(entry));
                    continue;
                }
                log.Detail($"Removed {layout.EntryPath(entry)}");
            }
            freed += bytes;
            removed.Add(entry);
        }

        var staleLocks = dryRun ? 0 : SweepStale(layout.LocksDir, ".lock");
        if (!dryRun) SweepStale(layout.RefsDir, "");
        var staging = dryRun ? 0 : SweepAbandonedStaging();
        var (unusedLinks, linkBytes) = SweepLinks(dryRun);
        return new GcReport
        {
            DryRun = dryRun,
            Removed = removed,
            FreedBytes = freed + linkBytes,
            DroppedRoots = dropped,
            Kept = live.Count,
            Roots = roots.Count - dropped.Count,
            LivingHolds = held.Count,
            DeadProcessRecords = deadRecords,
            StaleLocks = staleLocks,
            AbandonedStaging = staging,
            UnusedLinks = unusedLinks,
        };
    }

    /// <summary>
    /// What the roots keep: the entry each link leads to, and for a dev shell (a link in a folder beside its
    /// <c>env.json</c>) every entry that file names — a tool no profile file names (a RID-specific tool's pointer
    /// package, a tool whose commands were all left out) is still the env's, and a build of it would fetch it again.
    /// The file may come from a clone: what it names can only be kept longer.
    /// </summary>
    private static IEnumerable<string> RootEntries(IReadOnlyList<PermanentRoot> roots, IReadOnlyList<string> present)
    {
        var byHash = present.ToDictionary(StoreEntryName.HashPart, n => n, StringComparer.Ordinal);
        foreach (var root in roots.Where(r => !r.Dangling))
        {
            if (root.Entry is not null) yield return root.Entry;
            var manifest = Path.Combine(Path.GetDirectoryName(root.Link)!, ShellManifestName);
            foreach (var hash in EntryReferences.HashesInFile(manifest, MaxManifestBytes))
            {
                if (byHash.TryGetValue(hash, out var entry)) yield return entry;
            }
        }
    }

    /// <summary>The dev shell's record of its tools (Shell's <c>EnvManifest</c>, which this layer cannot name).</summary>
    private const string ShellManifestName = "env.json";

    private const long MaxManifestBytes = 64L << 20;

    /// <summary>
    /// The bytes removing a tree frees: files with no other name. A file optimise linked has one more, in <c>.links</c>,
    /// which the link sweep frees afterwards; a dry run counts it here instead, as it would be.
    /// </summary>
    private static long FreedBy(string root, bool dryRun)
    {
        long bytes = 0;
        foreach (var file in new DirectoryInfo(root).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
        {
            if (file.LinkTarget is not null) continue;
            var status = FileStatus.Of(file.FullName);
            if (status is null || status.Value.LinkCount == 1 || (dryRun && status.Value.LinkCount == 2)) bytes += file.Length;
        }
        return bytes;
    }

    /// <summary>Removes <c>&lt;entry&gt;&lt;suffix&gt;</c> files whose entry is not in the store. Entry locks are only taken under the shared gc lock, so none is held now.</summary>
    private int SweepStale(string dir, string suffix)
    {
        if (!Directory.Exists(dir)) return 0;
        var count = 0;
        foreach (var file in Directory.EnumerateFiles(dir))
        {
            var name = Path.GetFileName(file);
            if (!name.EndsWith(suffix, StringComparison.Ordinal)) continue;
            var entry = name[..^suffix.Length];
            if (!StoreEntryName.IsEntryName(entry) || layout.HasEntry(entry)) continue;
            File.Delete(file);
            count++;
        }
        return count;
    }

    private int SweepAbandonedStaging()
    {
        if (!Directory.Exists(layout.TempDir)) return 0;
        var count = 0;
        foreach (var dir in Directory.EnumerateFileSystemEntries(layout.TempDir))
        {
            if (!OwnerProcess.IsAbandoned(Path.GetFileName(dir))) continue;
            try
            {
                ReadOnlyTree.Delete(dir);
                count++;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A build sweeps staging too, without the gc lock: whoever gets there first removes it.
            }
        }
        return count;
    }

    /// <summary>
    /// <c>.links</c> files whose only name is their own: no entry uses that content any more. Optimise holds the shared
    /// gc lock, so no link is being made to them meanwhile; its temporary names of dead processes go too.
    /// </summary>
    private (int Count, long Bytes) SweepLinks(bool dryRun)
    {
        if (!Directory.Exists(layout.LinksDir) || !FileStatus.IsSupported) return (0, 0);
        var count = 0;
        long bytes = 0;
        foreach (var file in Directory.EnumerateFiles(layout.LinksDir))
        {
            var name = Path.GetFileName(file);
            if (name.StartsWith(StoreOptimiser.TempPrefix, StringComparison.Ordinal))
            {
                if (!dryRun && OwnerProcess.IsAbandoned(name, StoreOptimiser.TempPrefix)) File.Delete(file);
                continue;
            }
            if (FileStatus.Of(file) is not { LinkCount: 1 } status) continue;
            count++;
            // A dry run counted these with the entries that hold their other name; here only those unused already.
            bytes += status.Size;
            if (!dryRun) File.Delete(file);
        }
        return (count, bytes);
    }
}
