using Env.Core.Fetching;
using Env.Core.Locking;
using Env.Core.Tools;
using Microsoft.Build.Framework;

namespace Env.Tasks;

/// <summary>The restore phase: fetch what the store lacks, verify, unpack, add, and write the lock.</summary>
public sealed class EnvRestore : EnvProjectTask
{
    /// <summary>The download cache; Sdk.targets computes its documented default at evaluation.</summary>
    [Required]
    public string CacheDir { get; set; } = "";

    public bool Locked { get; set; }

    public bool Update { get; set; }

    public bool AllPlatforms { get; set; }

    public long MaxUnpackedSize { get; set; } = InstallSettings.DefaultMaxUnpackedBytes;

    /// <summary>The state folder (EnvStateDir), where a home file may not go; only read for a home env.</summary>
    public string? StateDir { get; set; }

    /// <summary>The most bytes one download may have when the lock records no size (EnvMaxDownloadSize); empty means the default.</summary>
    public string? MaxDownloadSize { get; set; }

    /// <summary>Seconds one download may take, retries included (EnvDownloadTimeout); empty means the default.</summary>
    public string? DownloadTimeout { get; set; }

    /// <summary>With Update: the tools to update (EnvUpdateTools, ';'-separated); empty means all.</summary>
    public string? UpdateTools { get; set; }

    /// <summary>With AllPlatforms: the platforms whose RID-specific tool packages are locked (EnvLockRuntimeIdentifiers).</summary>
    public string? LockRuntimeIdentifiers { get; set; }

    /// <summary>Hashed mirrors (EnvMirror items and the EnvMirrors property), tried in order before an archive's URL.</summary>
    public ITaskItem[] Mirrors { get; set; } = [];

    /// <summary>NuGet sources holding archives by hash (EnvSubstitute items and the EnvSubstitutes property), tried first.</summary>
    public ITaskItem[] Substitutes { get; set; } = [];

    /// <summary>EnvOffline as written: true/1 restores only from the store and the caches; parsed by Core (ENV0122).</summary>
    public string? Offline { get; set; }

    /// <summary>
    /// What the restore changed, in one line. The build phase shows it on the project's last line, the one place
    /// MSBuild's terminal logger shows; it travels there in the restore stamp (restore and build are separate
    /// requests, possibly on separate nodes).
    /// </summary>
    [Output]
    public string Summary { get; set; } = "";

    protected override void Run()
    {
        var log = EnvLog;
        var specs = ParseTools();
        // Checked here, not only when the shell is generated: a typo must fail before the lock is written.
        ParseVariables();
        ParseShellHooks();
        ParseShellAliases();
        if (ParseHome(null, MaxUnpackedSize) is { } home) Core.Home.HomeEnvBuilder.ResolveSources(ProjectFile, StoreDir, StateDir ?? "", home);
        var settings = Settings();
        // Before the lock is read: another build restoring this env finishes first, and this one then reads its lock
        // and finds its tools in the store instead of downloading them again.
        using var gate = RestoreGate.Enter(new Core.Store.StoreLayout(settings.StoreDir), LockFile, settings.Downloads.Timeout, log, CancellationToken);
        var current = LoadLock();
        // Locked mode checks against the file it read: a configuration's seed (env.lock.json) until its own lock exists.
        var checkedLock = Locked ? Core.Locking.LockFileLocation.ReadFrom(LockFile, LockSeed) : LockFile;
        var totals = new TransferTotals();
        using var setup = new InstallerSetup(settings, log, totals);
        setup.Store.SweepAbandonedStaging();
        setup.Cache.SweepAbandonedTemp();
        var options = setup.RestoreOptions() with
        {
            Locked = Locked,
            Update = Update,
            AllPlatforms = AllPlatforms,
            UpdateTools = (UpdateTools ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            LockRids = (LockRuntimeIdentifiers ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        };
        var restorer = new EnvRestorer(setup.Installer(), setup.Store, log);
        var next = restorer.RestoreAsync(specs, current, checkedLock, options, CancellationToken).GetAwaiter().GetResult();
        var wrote = !Locked && next.Save(LockFile);
        if (wrote) log.Info($"Wrote {LockFile}");
        var summary = RestoreSummary.Compare(current, next, restorer.Installed, totals, wrote);
        Summary = summary.ToString();
        log.Detail($"Restore summary: {Summary}");
    }

    /// <summary>
    /// The install settings from this task's parameters (env.proj's properties, defaults computed by the targets) and
    /// the machine's ENVSDK_MIRRORS, ENVSDK_SUBSTITUTES and ENVSDK_STALL_TIMEOUT, read here, at the edge.
    /// </summary>
    private InstallSettings Settings() => new InstallSettings
    {
        StoreDir = StoreDir,
        CacheDir = CacheDir,
        NuGetSettingsRoot = Path.GetDirectoryName(Path.GetFullPath(ProjectFile))!,
        Rid = Rid,
        MaxUnpackedBytes = MaxUnpackedSize,
        Downloads = DownloadLimits.Parse(MaxDownloadSize, DownloadTimeout, ProjectFile),
        Mirrors = Mirrors.Select(m => (string?)m.ItemSpec).ToList(),
        Substitutes = Substitutes.Select(s => (string?)s.ItemSpec).ToList(),
        // EnvOffline already defaults to ENVSDK_OFFLINE in the targets.
        Offline = FetchSources.ParseOffline(Offline, "EnvOffline", ProjectFile),
        RefreshHttpCache = Update,
        DeclaredIn = ProjectFile,
    }.With(MachineInstallSettings.Read(Environment.GetEnvironmentVariable) with { Offline = null, DownloadTimeout = null });
}
