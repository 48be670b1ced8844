using Env.Core.Diagnostics;

namespace Env.Core.Store;

/// <summary>
/// The one lock between the collector and everything that holds entries, as Nix's gc lock: whoever adds, reuses or
/// runs an entry records it (<see cref="ProcessRoots"/>) under a shared lock; the collector marks and sweeps under an
/// exclusive one. So a hold is either seen by the collector, or made after it finished — never in between.
/// .NET takes an advisory flock (shared for a read-only open, exclusive for FileShare.None) that the kernel releases
/// when the process dies, so a killed process never leaves the store locked.
/// </summary>
public sealed class GcLock : IDisposable
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(10);
    private readonly FileStream _stream;

    private GcLock(FileStream stream) => _stream = stream;

    /// <summary>Many holders at once; waits while a collection runs.</summary>
    public static GcLock Shared(StoreLayout layout, IEnvLog? log = null, TimeSpan? timeout = null) =>
        Acquire(layout, exclusive: false, log, timeout ?? DefaultTimeout);

    /// <summary>The collector's: waits until no process holds the shared lock.</summary>
    public static GcLock Exclusive(StoreLayout layout, IEnvLog? log = null, TimeSpan? timeout = null) =>
        Acquire(layout, exclusive: true, log, timeout ?? DefaultTimeout);

    private static GcLock Acquire(StoreLayout layout, bool exclusive, IEnvLog? log, TimeSpan timeout)
    {
        layout.CheckBookkeeping();
        var path = layout.GcLockPath;
        FileStream? held;
        try
        {
            held = Wait();
        }
        catch (DirectoryNotFoundException)
        {
            // Made on first use, not checked on every take: most takes find it.
            Directory.CreateDirectory(layout.LocksDir);
            held = Wait();
        }
        return held is not null
            ? new GcLock(held)
            : throw new EnvException(EnvCode.ENV0311,
                $"Timed out after {timeout.TotalSeconds:0}s waiting for the store's gc lock {path} ({(exclusive ? "builds or runs hold it" : "a garbage collection holds it")}). " +
                "Stop the stuck process; the lock is released when its process dies.",
                path);

        FileStream? Wait() => AdvisoryLock.Wait(path, exclusive, timeout, TimeSpan.FromMilliseconds(20),
            () => log?.Info(exclusive ? "Waiting for builds and runs to release the store..." : "Waiting for a garbage collection of the store to finish..."));
    }

    public void Dispose() => _stream.Dispose();
}
