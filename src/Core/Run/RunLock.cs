using System.Text.Json;
using Env.Core.Diagnostics;
using Env.Core.Locking;

namespace Env.Core.Run;

/// <summary>
/// <c>$XDG_STATE_HOME/envsdk/run-lock.json</c>: what each <c>dotnet env run</c> request resolved to on this machine, so
/// the next run of it starts the same bytes without asking any feed (until <c>--refresh</c>). It is this user's file, but
/// read as hostile all the same: an entry is used only after the checks env.lock.json's entries pass (its store paths
/// are exactly what its hashes give) and its command cannot leave its entry. A damaged file is an error naming it, never
/// silently rewritten: it may be the only record of what a script ran.
/// </summary>
public sealed class RunLock
{
    public const int CurrentFormat = 1;
    public const string FileName = "run-lock.json";

    /// <summary>Thousands of runs fit in far less; a bigger file is not ours.</summary>
    public const long MaxBytes = 16L << 20;

    private readonly RunLockDocument _document;

    private RunLock(string path, RunLockDocument document)
    {
        Path = path;
        _document = document;
    }

    public string Path { get; }

    public IReadOnlyDictionary<string, RunLockEntry> Runs => _document.Runs;

    /// <summary>The file as it is; an empty lock when there is none.</summary>
    public static RunLock Load(string path)
    {
        byte[] bytes;
        try
        {
            // Read as hostile (StateFile): a fifo, a link to /dev/zero or a huge file is refused, never waited on or loaded.
            var read = StateFile.TryRead(path, MaxBytes);
            if (read is null) return new RunLock(path, new RunLockDocument { Format = CurrentFormat });
            bytes = read;
        }
        catch (StateFileException e)
        {
            throw Damaged(path, e.Why);
        }
        catch (IOException e)
        {
            throw Damaged(path, e.Message);
        }
        catch (UnauthorizedAccessException e)
        {
            throw Damaged(path, e.Message);
        }
        RunLockDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(bytes, RunLockJson.Default.RunLockDocument);
        }
        catch (JsonException e)
        {
            throw Damaged(path, $"it is not the JSON a run lock has ({e.Message})");
        }
        if (document is null || document.Runs is null) throw Damaged(path, "it has no 'runs'");
        if (document.Format != CurrentFormat)
        {
            throw new EnvException(EnvCode.ENV0752,
                $"{path} has format {document.Format}, which this version of dotnet env does not read (it reads {CurrentFormat}). Update dotnet env, or move the file aside to start afresh.",
                path);
        }
        return new RunLock(path, document);
    }

    /// <summary>
    /// The entry for <paramref name="key"/> resolved on <paramref name="rid"/>, checked; null when there is none (or it
    /// is another platform's). A checked entry names only store paths its own hashes give and a command inside them.
    /// </summary>
    public RunLockEntry? Find(string key, string rid)
    {
        if (!_document.Runs.TryGetValue(key, out var entry) || entry is null) return null;
        if (!string.Equals(entry.Rid, rid, StringComparison.Ordinal)) return null;
        Check(key, entry);
        return entry;
    }

    private void Check(string key, RunLockEntry entry)
    {
        // Deserialisation enforces 'required' on our records, but not on LockEntry's members' own checks.
        // The tool set's entry, when there is one, is a record for the reader: nothing is run or rebuilt from it.
        LockIntegrity.CheckTool(entry.Tool, entry.Rid, entry.Entry, Path);
        var problem = RunLockKey.Mismatch(key, entry) ?? entry.Command.Problem()
            ?? (entry.StoreEntries().Contains(entry.Command.Entry, StringComparer.Ordinal) ? null : "its command is in an entry the run does not pin");
        if (problem is not null)
            throw Damaged(Path, $"its entry '{PrintableText.Of(key)}' cannot be used: {problem}");
    }

    /// <summary>
    /// Records <paramref name="entry"/> under <paramref name="key"/>: read, changed and written whole (temp and rename)
    /// under a lock beside the file, so concurrent runs of different tools both land.
    /// </summary>
    public static void Record(string path, string key, RunLockEntry entry)
    {
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        using var held = HoldLock(System.IO.Path.Combine(folder, ".run-lock.lock"));
        var current = Load(path);
        var runs = new SortedDictionary<string, RunLockEntry>(current._document.Runs, StringComparer.Ordinal) { [key] = entry };
        var document = new RunLockDocument { Format = CurrentFormat, Runs = new Dictionary<string, RunLockEntry>(runs, StringComparer.Ordinal) };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(document, RunLockJson.Default.RunLockDocument);
        AtomicFile.WriteIfChanged(path, [.. bytes, (byte)'\n']);
    }

    private static FileStream HoldLock(string lockPath) =>
        AdvisoryLock.Wait(lockPath, exclusive: true, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(20))
        ?? throw new EnvException(EnvCode.ENV0761,
            $"Timed out after 30s waiting for {lockPath}, which another dotnet env run holds while it records what it resolved. Nothing was recorded; the run itself needs no record: run it again, or end the stuck dotnet env process.",
            lockPath);

    private static EnvException Damaged(string path, string why) =>
        new(EnvCode.ENV0751,
            $"The run lock {path} cannot be read: {why}. Nothing was run. Move it aside (every run then resolves afresh and records itself again), or restore it from a backup.",
            path);
}
