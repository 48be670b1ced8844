using Env.Core.Diagnostics;
using Env.Core.Fetching;
using Env.Core.NuGet;
using Env.Core.Store;

namespace Env.Core.Tools;

/// <summary>
/// Turns <see cref="InstallSettings"/> into what installs: the store, the download cache, the archive sources (mirrors,
/// substitutes, offline), the URL fetcher, the NuGet fetcher (set up by <see cref="NuGetClientSetup"/>) and the
/// <see cref="ToolInstaller"/>. The one place those are put together, for the restore task, <c>dotnet env run</c>,
/// <c>add</c>/<c>outdated</c>, <c>push</c>/<c>mirror</c> and <c>verify --repair</c> alike, so none of them can forget a
/// setting. Owns the NuGet fetcher and the substitutes it made: dispose it when done.
/// </summary>
public sealed class InstallerSetup : IDisposable
{
    private readonly object _gate = new();
    private EnvStore? _store;
    private NuGetPackageFetcher? _nuget;

    /// <param name="totals">Counts what was downloaded, for the restore's summary line.</param>
    public InstallerSetup(InstallSettings settings, IEnvLog log, TransferTotals? totals = null)
    {
        Settings = settings;
        Log = log;
        Totals = totals;
        Cache = new DownloadCache(settings.CacheDir);
        Sources = RestoreSources.Create(settings, log, totals);
    }

    public InstallSettings Settings { get; }

    public IEnvLog Log { get; }

    public TransferTotals? Totals { get; }

    public DownloadCache Cache { get; }

    /// <summary>Substitutes and hashed mirrors for archives, and offline mode.</summary>
    public FetchSources Sources { get; }

    /// <summary>The store, opened on first use (a verb that only fetches never touches it).</summary>
    public EnvStore Store
    {
        get
        {
            lock (_gate) return _store ??= new EnvStore(Settings.StoreDir, Log);
        }
    }

    /// <summary>A fetcher of archive URLs through the sources, within the download limits.</summary>
    public UrlFetcher UrlFetcher() => new(Cache, Log, Totals, Settings.Downloads, Sources);

    /// <summary>The NuGet fetcher, made on first use (NuGet is loaded only when an env has package tools).</summary>
    public NuGetPackageFetcher NuGet()
    {
        lock (_gate)
        {
            if (_nuget is not null) return _nuget;
            NuGetClientSetup.EnsureConfigured();
            return _nuget = new NuGetPackageFetcher(Settings.NuGetSettingsRoot, Log, Totals, Settings.Downloads) { RefreshHttpCache = Settings.RefreshHttpCache };
        }
    }

    /// <param name="rid">The platform to install for; <see cref="InstallSettings.Rid"/> when null (a repair installs another platform's entry).</param>
    public ToolInstaller Installer(string? rid = null) =>
        new(Store, Cache, NuGet, Settings.MaxUnpackedBytes, rid ?? Settings.Rid, Log, Totals, Settings.Downloads, Sources);

    /// <summary>The restore options these settings imply; a caller adds its mode (locked, update, all platforms).</summary>
    public RestoreOptions RestoreOptions() => new() { Rid = Settings.Rid, Parallelism = Settings.Parallelism, Offline = Settings.Offline };

    public void Dispose()
    {
        lock (_gate) _nuget?.Dispose();
        (Sources.Substitutes as IDisposable)?.Dispose();
    }
}
