using System.Collections.Concurrent;
using Env.Core.Diagnostics;
using Env.Core.Nix;

namespace Env.Core.Store;

/// <summary>
/// <c>dotnet env verify</c>: an entry's name is the fixed-output path of its NAR hash (<see cref="FixedOutputPath"/>), so
/// recomputing the NAR hash and the name from it, and comparing names, proves the content unchanged with no database. A
/// flipped byte, an added or removed file, a changed executable bit or link target all change the name. Entries are
/// hashed in parallel, each streamed once (no NAR is ever held).
/// </summary>
public static class StoreVerifier
{
    /// <param name="only">The entries to check (those an env uses); null for every entry in the store.</param>
    /// <param name="parallelism">Entries hashed at once; by default one per core.</param>
    public static IReadOnlyList<VerifiedEntry> Verify(StoreLayout layout, IReadOnlyCollection<string>? only = null, int parallelism = 0, CancellationToken ct = default)
    {
        var entries = (only ?? AllEntries(layout)).Distinct(StringComparer.Ordinal).ToList();
        var results = new ConcurrentBag<VerifiedEntry>();
        // One entry at a time to whichever worker is free, so the cores finish within one entry of each other.
        Parallel.ForEach(
            Partitioner.Create(entries, EnumerablePartitionerOptions.NoBuffering),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism > 0 ? parallelism : Environment.ProcessorCount, CancellationToken = ct },
            entry => results.Add(VerifyOne(layout, entry, ct)));
        return results.OrderBy(r => r.Name, StringComparer.Ordinal).ToList();
    }

    public static VerifiedEntry VerifyOne(StoreLayout layout, string entry, CancellationToken ct = default)
    {
        if (!StoreEntryName.IsEntryName(entry)) return new VerifiedEntry(entry, null, "not a store entry name");
        var path = layout.EntryPath(entry);
        if (!layout.HasEntry(entry))
        {
            // A link at the entry's name would hash as its target does: the content may be intact while what a build
            // or run would find there is someone else's. Only a real folder of the store is an entry.
            return StoreLayout.IsOccupied(path)
                ? new VerifiedEntry(entry, null, $"it is {StoreLayout.Describe(path)}, not a folder of the store")
                : new VerifiedEntry(entry, null, "missing from the store");
        }
        try
        {
            var actual = FixedOutputPath.ComputeRecursiveSha256(NarHasher.Sha256(path, ct), StoreEntryName.NamePart(entry));
            return actual == entry ? new VerifiedEntry(entry, actual, null) : new VerifiedEntry(entry, actual, $"its content is now that of {actual}");
        }
        catch (Exception e) when (e is EnvException or IOException or UnauthorizedAccessException)
        {
            return new VerifiedEntry(entry, null, $"it cannot be read whole ({(e is EnvException env ? env.Code + ": " : "")}{e.Message})");
        }
    }

    /// <summary>The entries, and whatever else bears an entry's name (a link, a file), which is reported.</summary>
    private static IReadOnlyList<string> AllEntries(StoreLayout layout) =>
        Directory.Exists(layout.StoreDir)
            ? Directory.EnumerateFileSystemEntries(layout.StoreDir).Select(Path.GetFileName).OfType<string>().Where(StoreEntryName.IsEntryName).Order(StringComparer.Ordinal).ToList()
            : [];
}
