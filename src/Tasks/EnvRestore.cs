using Env.Core.Fetching;
using Env.Core.Locking;
using Env.Core.NuGet;
using Env.Core.Store;
using Env.Core.Tools;

namespace Env.Tasks;

/// <summary>The restore phase: fetch what the store lacks, verify, unpack, add, and write the lock.</summary>
public sealed class EnvRestore : EnvTaskBase
{
    public string? CacheDir { get; set; }

    public bool Locked { get; set; }

    public bool Update { get; set; }

    public bool AllPlatforms { get; set; }

    public long MaxUnpackedSize { get; set; } = 8L << 30;

    protected override void Run()
    {
        var log = EnvLog;
        var specs = ParseTools();
        // Checked here, not only when the shell is generated: a typo must fail before the lock is written.
        ParseVariables();
        var current = Core.Locking.LockFile.Load(LockFile);
        var store = new EnvStore(ResolvedStoreDir, log);
        store.SweepAbandonedStaging();
        var cache = new DownloadCache(string.IsNullOrEmpty(CacheDir) ? StoreLayout.DefaultCacheDir() : CacheDir!);
        cache.SweepAbandonedTemp();
        var projectDir = Path.GetDirectoryName(Path.GetFullPath(ProjectFile))!;
        NuGetPackageFetcher? nuget = null;
        try
        {
            var installer = new ToolInstaller(store, cache, () => nuget = new NuGetPackageFetcher(projectDir, log) { RefreshHttpCache = Update }, MaxUnpackedSize, Rid, log);
            var options = new RestoreOptions { Locked = Locked, Update = Update, AllPlatforms = AllPlatforms, Rid = Rid };
            var next = new EnvRestorer(installer, store, log).RestoreAsync(specs, current, LockFile, options, CancellationToken).GetAwaiter().GetResult();
            if (!Locked && next.Save(LockFile))
                log.Info($"Wrote {LockFile}");
        }
        finally
        {
            nuget?.Dispose();
        }
    }
}
