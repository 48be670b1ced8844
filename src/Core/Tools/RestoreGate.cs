using System.Security.Cryptography;
using System.Text;
using Env.Core.Diagnostics;
using Env.Core.Store;

namespace Env.Core.Tools;

/// <summary>
/// One restore of an env at a time, across processes and across MSBuild requests of one build. A solution's restore
/// prepares env.proj, and a project that uses the env asks for it too, in a request MSBuild may run at the same time:
/// without the gate both read the old lock and fetch every tool (two downloads of each, in parallel). The second waits
/// here, then reads the lock the first wrote and finds its tools in the store. Taken before the lock is read.
/// </summary>
public static class RestoreGate
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(30);

    /// <summary>Waits for (and holds, until disposed) the gate of the env whose lock file is <paramref name="lockPath"/>.</summary>
    /// <remarks>
    /// An advisory lock in the store's <c>.locks/</c> (a dot-folder of the store's bookkeeping), named by a hash of the
    /// lock's full path, so no name from the checkout becomes a file name; the kernel releases it when a build dies.
    /// </remarks>
    public static IDisposable Enter(StoreLayout layout, string lockPath, IEnvLog log)
    {
        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(lockPath))))[..32];
        return StoreEntryLock.Acquire(layout, "restore-" + id, log, Timeout);
    }
}
