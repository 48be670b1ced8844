using Env.Core.Diagnostics;

namespace Env.Core.Store;

/// <summary>
/// An exclusive, per-entry lock between processes. .NET takes an advisory flock for FileShare.None on Unix,
/// which the kernel releases when the process dies, so a killed build never leaves a lock behind.
/// </summary>
public sealed class StoreEntryLock : IDisposable
{
    private readonly FileStream _stream;

    private StoreEntryLock(FileStream stream) => _stream = stream;

    public static StoreEntryLock Acquire(StoreLayout layout, string entryName, IEnvLog log, TimeSpan timeout)
    {
        Directory.CreateDirectory(layout.LocksDir);
        var path = Path.Combine(layout.LocksDir, entryName + ".lock");
        var held = AdvisoryLock.Wait(path, exclusive: true, timeout, TimeSpan.FromMilliseconds(50),
            () => log.Info($"Waiting for another process to finish adding {entryName} to the store..."));
        return held is not null
            ? new StoreEntryLock(held)
            : throw new EnvException(EnvCode.ENV0304,
                $"Timed out after {timeout.TotalSeconds:0}s waiting for the store lock {path}. Another build may be stuck; stop it, or delete the lock file if no build is running.",
                path);
    }

    public void Dispose() => _stream.Dispose();
}
