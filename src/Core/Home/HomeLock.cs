using Env.Core.Diagnostics;

namespace Env.Core.Home;

/// <summary>
/// One process at a time changes a home: an advisory lock on <c>home/.lock</c> (FileShare.None is flock on Unix), which
/// the kernel drops when its holder dies. So a journal found while holding the lock is one a dead switch left.
/// </summary>
internal sealed class HomeLock : IDisposable
{
    private readonly FileStream _stream;

    private HomeLock(FileStream stream) => _stream = stream;

    public static HomeLock Acquire(HomeStateLayout layout, IEnvLog log, TimeSpan timeout)
    {
        Directory.CreateDirectory(layout.HomeDir);
        var held = AdvisoryLock.Wait(layout.LockFile, exclusive: true, timeout, TimeSpan.FromMilliseconds(50),
            () => log.Info("Waiting for another switch of this home to finish..."));
        return held is not null
            ? new HomeLock(held)
            : throw new EnvException(EnvCode.ENV0911,
                timeout == TimeSpan.Zero
                    ? $"Another 'dotnet env switch' (or rollback, or uninstall) of this home holds {layout.LockFile}. Wait for it to finish, or stop it; a killed one releases the lock by itself."
                    : $"Another 'dotnet env switch' (or rollback) of this home has held {layout.LockFile} for {timeout.TotalSeconds:0}s. Wait for it to finish, or stop it; a killed one releases the lock by itself.",
                layout.LockFile);
    }

    public void Dispose() => _stream.Dispose();
}
