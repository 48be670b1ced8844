using System.Text;
using Env.Core.Diagnostics;

namespace Env.Core.Store;

/// <summary>
/// Temporary roots, as Nix's: a process that runs, adds or reuses entries records their names in
/// <c>.roots/.proc/&lt;pid&gt;-held</c> (appended to, one name a line) under the shared <see cref="GcLock"/>, and the collector
/// keeps them while that process lives. The record is never removed by its owner: the collector drops records of dead
/// processes (a zombie counts as dead). A reused pid only keeps entries longer, never shorter.
/// </summary>
public static class ProcessRoots
{
    private const string Suffix = "-held";

    /// <summary>A record is one line per entry held; far more than one process holds.</summary>
    private const long MaxRecordBytes = 16L << 20;

    /// <summary>What this process wrote, per record file: a build reuses the same entries again and again, and MSBuild nodes live on.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, HashSet<string>> Recorded = new(StringComparer.Ordinal);

    /// <summary>
    /// Holds <paramref name="entryNames"/> for the life of this process: cheap (a lock, one append, a stat per entry, no
    /// hashing), meant to be called just before exec, so the pid that holds is the program's. Throws ENV0310, holding
    /// nothing new, when an entry is not in the store once the lock is taken (a collection removed it), so nothing ever
    /// runs an entry a collection is deleting.
    /// </summary>
    public static void Hold(StoreLayout layout, IEnumerable<string> entryNames)
    {
        var names = entryNames.ToList();
        using var gcLock = GcLock.Shared(layout);
        foreach (var name in names)
        {
            if (!StoreEntryName.IsEntryName(name) || !layout.HasEntry(name))
            {
                throw new EnvException(EnvCode.ENV0310,
                    $"The store entry {name} is not in the store {layout.StoreDir} (a garbage collection removed it, or it was never added). Nothing was run; build the env again or run the command again to reinstall it.",
                    layout.EntryPath(name));
            }
        }
        Record(layout, names, Environment.ProcessId);
    }

    /// <summary>Records names for <paramref name="pid"/>; the caller holds <see cref="GcLock"/> (shared).</summary>
    internal static void Record(StoreLayout layout, IReadOnlyCollection<string> entryNames, int pid)
    {
        var path = Path.Combine(layout.ProcessRootsDir, pid + Suffix);
        var text = new StringBuilder();
        var written = Recorded.GetOrAdd(path, _ => new HashSet<string>(StringComparer.Ordinal));
        // The write stays inside the lock: the record is this process's alone, and .NET's FileMode.Append seeks to the end
        // rather than opening with O_APPEND, so two threads appending at once could write over each other's line, and
        // gc would then not see an entry a build holds (GcTests' looping collection found exactly that).
        lock (written)
        {
            // Each name is written once per record file; a record that is gone (a store wiped by hand) is written anew.
            if (written.Count > 0 && !File.Exists(path)) written.Clear();
            foreach (var name in entryNames)
            {
                if (written.Add(name)) text.Append(name).Append('\n');
            }
            if (text.Length == 0) return;
            FileStream stream;
            try
            {
                stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            }
            catch (DirectoryNotFoundException)
            {
                Directory.CreateDirectory(layout.ProcessRootsDir);
                stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            }
            using (stream) stream.Write(Encoding.UTF8.GetBytes(text.ToString()));
        }
    }

    /// <summary>
    /// The entries living processes hold; records of dead processes are deleted (unless <paramref name="dryRun"/>).
    /// The caller holds <see cref="GcLock"/> exclusively, so no record changes meanwhile.
    /// </summary>
    internal static HashSet<string> Living(StoreLayout layout, bool dryRun, out int deadRecords)
    {
        var held = new HashSet<string>(StringComparer.Ordinal);
        deadRecords = 0;
        if (!Directory.Exists(layout.ProcessRootsDir)) return held;
        foreach (var file in Directory.EnumerateFiles(layout.ProcessRootsDir))
        {
            var name = Path.GetFileName(file);
            if (!name.EndsWith(Suffix, StringComparison.Ordinal)) continue;
            if (OwnerProcess.IsAbandoned(name))
            {
                deadRecords++;
                if (!dryRun) File.Delete(file);
                continue;
            }
            // A record that is not a plain file of ours (a fifo, a link) holds nothing; one too big for any process is cut.
            string? text;
            try
            {
                text = StateFile.TryReadText(file, MaxRecordBytes);
            }
            catch (StateFileException)
            {
                continue;
            }
            foreach (var line in (text ?? "").Split('\n'))
            {
                if (StoreEntryName.IsEntryName(line)) held.Add(line);
            }
        }
        return held;
    }
}
