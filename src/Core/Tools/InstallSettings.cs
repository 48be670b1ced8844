using Env.Core.Fetching;

namespace Env.Core.Tools;

/// <summary>
/// Everything an install depends on besides the tool itself, in one record that every caller fills: the restore task
/// from its parameters (env.proj's properties), the CLI from its options and the machine's ENVSDK_* variables
/// (<see cref="MachineInstallSettings"/>, read at those edges), and <see cref="InstallerSetup"/> turns it into fetchers
/// and an installer, as NuGet's RestoreArgs and RestoreRunner serve both <c>dotnet restore</c> and the restore task.
/// Core never reads the environment for these: a value here is the whole truth.
/// </summary>
public sealed record InstallSettings
{
    /// <summary>8 GiB: EnvMaxUnpackedSize's default, the most bytes one archive or package may unpack to.</summary>
    public const long DefaultMaxUnpackedBytes = 8L << 30;

    /// <summary>How many tools a restore installs at once.</summary>
    public const int DefaultParallelism = 4;

    /// <summary>The store (EnvStoreDir, ENVSDK_STORE).</summary>
    public required string StoreDir { get; init; }

    /// <summary>The download cache (EnvCacheDir, ENVSDK_CACHE).</summary>
    public required string CacheDir { get; init; }

    /// <summary>Where the nuget.config lookup starts: the env.proj folder, or for a run the current folder.</summary>
    public required string NuGetSettingsRoot { get; init; }

    /// <summary>This machine's platform: the RID-specific packages and archive items taken.</summary>
    public required string Rid { get; init; }

    /// <summary>EnvMaxUnpackedSize.</summary>
    public long MaxUnpackedBytes { get; init; } = DefaultMaxUnpackedBytes;

    /// <summary>EnvMaxDownloadSize and EnvDownloadTimeout (ENVSDK_DOWNLOAD_TIMEOUT), for archives and packages alike.</summary>
    public DownloadLimits Downloads { get; init; } = DownloadLimits.Default;

    /// <summary>Hashed mirrors as written (each value may hold several): the machine's first, then env.proj's.</summary>
    public IReadOnlyList<string?> Mirrors { get; init; } = [];

    /// <summary>Substitute NuGet sources as written (one per value): the machine's first, then env.proj's.</summary>
    public IReadOnlyList<string?> Substitutes { get; init; } = [];

    /// <summary>Only the store, the download cache and local files (EnvOffline, --offline, ENVSDK_OFFLINE).</summary>
    public bool Offline { get; init; }

    /// <summary>Ask HTTP feeds again instead of NuGet's HTTP cache (an update, <c>outdated</c>).</summary>
    public bool RefreshHttpCache { get; init; }

    /// <summary>How many tools a restore installs at once.</summary>
    public int Parallelism { get; init; } = DefaultParallelism;

    /// <summary>env.proj (when there is one), named by errors about these values.</summary>
    public string? DeclaredIn { get; init; }

    /// <summary>These settings with the machine's mirrors, substitutes and offline switch added, the machine's first.</summary>
    public InstallSettings With(MachineInstallSettings machine) => this with
    {
        Mirrors = [machine.Mirrors, .. Mirrors],
        Substitutes = [.. MachineInstallSettings.Split(machine.Substitutes), .. Substitutes],
        Offline = Offline || FetchSources.ParseOffline(machine.Offline, FetchSources.OfflineVariable, null),
        Downloads = Downloads.WithStallTimeout(machine.StallTimeout),
    };
}
