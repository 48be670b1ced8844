using Env.Core.Diagnostics;
using Env.Core.Fetching;
using Env.Core.Platforms;
using Env.Core.Store;

namespace Env.Core.Editing;

/// <summary>What resolving a tool for <c>dotnet env add</c> may use: the same limits and cache a build has.</summary>
public sealed record AddOptions
{
    /// <summary>
    /// The download cache (EnvCacheDir's default: ENVSDK_CACHE, else XDG_CACHE_HOME/envsdk…): a file fetched to compute
    /// its Hash is found there by the next build.
    /// </summary>
    public string CacheDir { get; init; } = StoreLayout.DefaultCacheDir();

    /// <summary>
    /// The build's defaults: EnvMaxDownloadSize's, and ENVSDK_DOWNLOAD_TIMEOUT as EnvDownloadTimeout's default. Properties
    /// set in env.proj are not seen (reading them takes MSBuild); the build applies them when it fetches.
    /// </summary>
    public DownloadLimits Limits { get; init; } = DownloadLimits.Parse(null, Environment.GetEnvironmentVariable("ENVSDK_DOWNLOAD_TIMEOUT"), null);

    /// <summary>EnvMaxUnpackedSize's default: the most bytes one archive or package may unpack to while it is looked into.</summary>
    public long MaxUnpackedBytes { get; init; } = 8L << 30;

    /// <summary>The platform whose .NET tool build is looked for, and the Rid an archive is added for when none is given.</summary>
    public string RuntimeIdentifier { get; init; } = RuntimeIdentifierChain.Current();

    public IEnvLog Log { get; init; } = NullEnvLog.Instance;
}
