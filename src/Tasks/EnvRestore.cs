using Env.Core.Fetching;
using Env.Core.Locking;
using Env.Core.NuGet;
using Env.Core.Store;
using Env.Core.Tools;

namespace Env.Tasks;

/// <summary>The restore phase: fetch what the store lacks, verify, unpack, add, and write the lock.</summary>
public sealed class EnvRestore : EnvTaskBase
{
    /// <summary>The download cache; Sdk.targets computes its documented default at evaluation.</summary>
    [Microsoft.Build.Framework.Required]
    public string CacheDir { get; set; } = "";

    public bool Locked { get; set; }

    public bool Update { get; set; }

    public bool AllPlatforms { get; set; }

    public long MaxUnpackedSize { get; set; } = 8L << 30;

    /// <summary>With Update: the tools to update (EnvUpdateTools, ';'-separated); empty means all.</summary>
    public string? UpdateTools { get; set; }

    /// <summary>With AllPlatforms: the platforms whose RID-specific tool packages are locked (EnvLockRuntimeIdentifiers).</summary>
    public string? LockRuntimeIdentifiers { get; set; }

    protected override void Run()
    {
        var log = EnvLog;
        var specs = ParseTools();
        var current = Core.Locking.LockFile.Load(LockFile);
        var store = new EnvStore(StoreDir, log);
        store.SweepAbandonedStaging();
        var cache = new DownloadCache(CacheDir);
        cache.SweepAbandonedTemp();
        var projectDir = Path.GetDirectoryName(Path.GetFullPath(ProjectFile))!;
        NuGetPackageFetcher? nuget = null;
        try
        {
            var installer = new ToolInstaller(store, cache, () => nuget = new NuGetPackageFetcher(projectDir, log) { RefreshHttpCache = Update }, MaxUnpackedSize, Rid, log);
            var options = new RestoreOptions
            {
                Locked = Locked,
                Update = Update,
                AllPlatforms = AllPlatforms,
                Rid = Rid,
                UpdateTools = (UpdateTools ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                LockRids = (LockRuntimeIdentifiers ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            };
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
