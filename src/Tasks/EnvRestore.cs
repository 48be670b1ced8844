using Env.Core;
using Env.Core.Fetching;
using Env.Core.Locking;
using Env.Core.NuGet;
using Env.Core.Store;
using Env.Core.Tools;
using Microsoft.Build.Framework;

namespace Env.Tasks;

/// <summary>The restore phase: fetch what the store lacks, verify, unpack, add, and write the lock.</summary>
public sealed class EnvRestore : EnvTaskBase
{
    public string? CacheDir { get; set; }

    public bool Locked { get; set; }

    public bool Update { get; set; }

    public bool AllPlatforms { get; set; }

    public long MaxUnpackedSize { get; set; } = 8L << 30;

    /// <summary>
    /// Where to leave the summary line for the build phase to show (the restore stamp: restore and build run as
    /// separate requests, possibly on separate nodes, so a file is the only channel between them).
    /// </summary>
    public string? SummaryFile { get; set; }

    [Output]
    public string Summary { get; set; } = "";

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
        var totals = new TransferTotals();
        try
        {
            var installer = new ToolInstaller(store, cache, () => nuget = new NuGetPackageFetcher(projectDir, log, totals) { RefreshHttpCache = Update }, MaxUnpackedSize, Rid, log, totals);
            var options = new RestoreOptions { Locked = Locked, Update = Update, AllPlatforms = AllPlatforms, Rid = Rid };
            var restorer = new EnvRestorer(installer, store, log);
            var next = restorer.RestoreAsync(specs, current, LockFile, options, CancellationToken).GetAwaiter().GetResult();
            var wrote = !Locked && next.Save(LockFile);
            if (wrote) log.Info($"Wrote {LockFile}");
            var summary = RestoreSummary.Compare(current, next, restorer.Installed, totals, wrote);
            Summary = summary.ToString();
            // The build phase shows it on the project's last line; here it is for logs at detailed verbosity.
            log.Detail($"Restore summary: {Summary}");
            if (!string.IsNullOrEmpty(SummaryFile)) AtomicFile.WriteIfChanged(SummaryFile!, Summary + "\n");
        }
        finally
        {
            nuget?.Dispose();
        }
    }
}
