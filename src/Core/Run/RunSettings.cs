using Env.Core.Diagnostics;
using Env.Core.Fetching;

namespace Env.Core.Run;

/// <summary>Where a run resolves: the store and caches of the user (the build's defaults), the feeds of a folder's nuget.config.</summary>
/// <param name="FeedsFrom">The folder whose nuget.config (and those above it) names the feeds, as <c>dotnet tool</c> and <c>dnx</c> use the current folder's.</param>
public sealed record RunSettings(string StoreDir, string CacheDir, string FeedsFrom, string Rid, IEnvLog Log)
{
    /// <summary>EnvMaxUnpackedSize's default.</summary>
    public long MaxUnpackedBytes { get; init; } = 8L << 30;

    public DownloadLimits Downloads { get; init; } = DownloadLimits.Default;

    /// <summary>Only the store and the download cache (<c>--offline</c>, ENVSDK_OFFLINE): what is missing is ENV0120, naming it.</summary>
    public bool Offline { get; init; }
}
