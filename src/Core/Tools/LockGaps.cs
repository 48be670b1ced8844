using Env.Core.Diagnostics;

namespace Env.Core.Tools;

/// <summary>
/// What <c>-t:EnvLock</c> could not lock, by platform: a RID-specific tool that offers no package for a platform,
/// or whose package for it is missing from the feeds. The lock is still written for everything else, and each
/// platform with a gap gets one warning (ENV0510), so a teammate there knows before their locked build fails.
/// </summary>
public sealed class LockGaps
{
    private readonly SortedDictionary<string, List<string>> _byRid = new(StringComparer.Ordinal);

    public void Add(string rid, string what)
    {
        lock (_byRid)
        {
            if (!_byRid.TryGetValue(rid, out var list)) _byRid[rid] = list = [];
            list.Add(what);
        }
    }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> ByRuntimeIdentifier
    {
        get
        {
            lock (_byRid) return _byRid.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value.Order(StringComparer.Ordinal).ToList());
        }
    }

    public void Report(IEnvLog log, string lockPath)
    {
        foreach (var (rid, what) in ByRuntimeIdentifier)
        {
            log.Warning(EnvCode.ENV0510,
                $"The lock does not cover {rid}: {string.Join("; ", what)}. A locked build on {rid} will fail; drop it from EnvLockRuntimeIdentifiers if no one uses it, or make the packages available and run -t:EnvLock again.",
                lockPath);
        }
    }
}
