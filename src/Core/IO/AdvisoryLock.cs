using System.Diagnostics;

namespace Env.Core.IO;

/// <summary>
/// The one wait for an advisory whole-file lock between processes, for every lock Env.Sdk takes (the store's entries
/// and gc lock, a home's switch lock, the restore gate). .NET takes a flock for FileShare.None (exclusive) or a read-only
/// open with FileShare.ReadWrite (shared) on Unix, and the kernel releases it when its process dies, so a killed holder
/// never leaves a lock behind and no lock file is ever deleted.
/// </summary>
/// <remarks>
/// Only "another process holds it" is waited on. Any other failure to open the file (no space, a read-only store, a
/// folder where the file should be) is thrown at once: waiting would only turn it into a misleading timeout.
/// </remarks>
public static class AdvisoryLock
{
    /// <summary>
    /// Takes the lock on <paramref name="path"/> (created when absent), waiting while another process holds it.
    /// Returns null when <paramref name="timeout"/> passed first (<see cref="TimeSpan.Zero"/>: one try).
    /// <paramref name="onFirstWait"/> runs once, when the first try finds it held (to say who the caller waits for).
    /// </summary>
    /// <exception cref="IOException">The file cannot be opened for a reason other than another holder.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled while waiting.</exception>
    public static FileStream? Wait(string path, bool exclusive, TimeSpan timeout, TimeSpan poll, Action? onFirstWait = null, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        var told = false;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (TryTake(path, exclusive) is { } held) return held;
            if (clock.Elapsed >= timeout) return null;
            if (!told)
            {
                onFirstWait?.Invoke();
                told = true;
            }
            ct.WaitHandle.WaitOne(poll);
        }
    }

    /// <summary>The lock, or null when another process holds it.</summary>
    /// <exception cref="IOException">The file cannot be opened for a reason other than another holder.</exception>
    public static FileStream? TryTake(string path, bool exclusive)
    {
        try
        {
            return exclusive
                ? new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)
                : new FileStream(path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite);
        }
        catch (IOException ex) when (IsHeldElsewhere(ex))
        {
            return null;
        }
    }

    /// <summary>
    /// What .NET reports when another open file holds the lock: flock's EWOULDBLOCK as the errno (11 on Linux, 35 on
    /// macOS and the BSDs), a sharing violation on Windows. Anything else (no space, no permission) is no wait.
    /// </summary>
    public static bool IsHeldElsewhere(IOException ex) =>
        ex.GetType() == typeof(IOException) &&
        (OperatingSystem.IsWindows() ? ex.HResult == unchecked((int)0x80070020) : ex.HResult == (OperatingSystem.IsLinux() ? 11 : 35));
}
