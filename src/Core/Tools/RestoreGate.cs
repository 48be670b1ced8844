using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Env.Core.Diagnostics;
using Env.Core.Store;

namespace Env.Core.Tools;

/// <summary>
/// One restore of an env at a time, across processes: two builds of one env at once (two terminals, an IDE beside a
/// terminal) would otherwise both read the old lock and download every tool. The second waits here, saying for whom,
/// then reads the lock the first wrote and finds its tools in the store, so it downloads nothing. Taken before the lock
/// is read. (Within one build MSBuild runs env.proj's restore once: Environment.targets' _IsProjectRestoreSupported.)
/// </summary>
/// <remarks>
/// An economy, not a guard: the store's entry locks and whole-file writes already keep two restores of one env correct
/// (FaultTests). So a gate that cannot be had (a store that cannot be written, which the restore then reports in its
/// own words) is passed with a detail line, and one held longer than the patience (the download timeout: a holder that
/// hangs) is passed with a line saying so; the restore then runs alongside, as it did before the gate.
/// The lock is an advisory flock (.NET takes one for FileShare.None on Unix), which the kernel releases when its process
/// dies: a killed build never blocks the next. Its file is never deleted (two processes could then hold two files of one
/// name); one per env, in the store's bookkeeping folder <c>.locks/</c>. The holder's pid is in a note beside it.
/// </remarks>
public sealed class RestoreGate : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary>A pid and a line break; anything longer is not our note.</summary>
    private const long MaxNoteBytes = 32;

    private readonly FileStream? _lock;
    private readonly string? _notePath;

    private RestoreGate(FileStream? held, string? notePath)
    {
        _lock = held;
        _notePath = notePath;
    }

    /// <summary>Whether this process holds the gate (false when it was passed).</summary>
    public bool Held => _lock is not null;

    /// <summary>
    /// Waits for the gate of the env whose lock file is <paramref name="lockFile"/> and holds it until disposed; or
    /// passes it, holding nothing, after <paramref name="patience"/> or when it cannot be taken.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled while waiting (Ctrl+C).</exception>
    public static RestoreGate Enter(StoreLayout layout, string lockFile, TimeSpan patience, IEnvLog log, CancellationToken ct)
    {
        var name = "restore-" + Id(lockFile);
        var lockPath = Path.Combine(layout.LocksDir, name + ".lock");
        var notePath = Path.Combine(layout.LocksDir, name + ".holder");
        var clock = Stopwatch.StartNew();
        var waited = false;
        FileStream? held;
        try
        {
            Directory.CreateDirectory(layout.LocksDir);
            held = AdvisoryLock.Wait(lockPath, exclusive: true, patience, Poll, () =>
            {
                log.Info($"Waiting for {Holder(notePath)}, which is restoring {lockFile}, to finish; this build then uses what it downloaded.");
                waited = true;
            }, ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log.Detail($"No restore gate at {lockPath} ({ex.Message}); restoring without it.");
            return new RestoreGate(null, null);
        }
        if (held is null)
        {
            log.Info($"Still waiting after {patience.TotalSeconds:0.#}s for {Holder(notePath)} to finish restoring {lockFile}: restoring alongside it instead.");
            return new RestoreGate(null, null);
        }
        WriteNote(notePath, log);
        if (waited) log.Detail($"Waited {clock.Elapsed.TotalSeconds:0.0}s for the restore gate {lockPath}.");
        return new RestoreGate(held, notePath);
    }

    /// <summary>The gate's name: a hash of the lock file's full path, so no name from the checkout becomes a file name.</summary>
    private static string Id(string lockFile) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(lockFile))))[..32];

    /// <summary>For the waiting line: who holds the gate, as its note says (written just after it took the gate).</summary>
    private static string Holder(string notePath)
    {
        try
        {
            var text = StateFile.TryReadText(notePath, MaxNoteBytes);
            if (int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) return $"process {pid}";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Unreadable (a StateFileException too): the line names no process.
        }
        return "another process";
    }

    private static void WriteNote(string notePath, IEnvLog log)
    {
        try
        {
            AtomicFile.WriteIfChanged(notePath, Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            log.Detail($"Cannot write {notePath} ({ex.Message}); a build waiting for this one will not name it.");
        }
    }

    /// <summary>Removes the note, then lets go: the next holder writes its own.</summary>
    public void Dispose()
    {
        if (_lock is null) return;
        try
        {
            File.Delete(_notePath!);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left for the next holder to replace.
        }
        _lock.Dispose();
    }
}
