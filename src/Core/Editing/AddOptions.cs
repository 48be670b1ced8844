using Env.Core.Diagnostics;
using Env.Core.Tools;

namespace Env.Core.Editing;

/// <summary>What resolving a tool for <c>dotnet env add</c> and <c>outdated</c> may use: the same settings a build has.</summary>
public sealed record AddOptions
{
    /// <summary>
    /// The install settings of this machine (the CLI's reader: download cache, limits, mirrors, substitutes, offline);
    /// the nuget.config lookup starts at env.proj's folder whatever <see cref="InstallSettings.NuGetSettingsRoot"/> says.
    /// Properties set in env.proj are not seen (reading them takes MSBuild); the build applies them when it fetches.
    /// A file fetched to compute its Hash is left in the download cache, where the next build finds it.
    /// </summary>
    public required InstallSettings Install { get; init; }

    public IEnvLog Log { get; init; } = NullEnvLog.Instance;

    /// <summary>The installer setup for env.proj in <paramref name="folder"/>.</summary>
    internal InstallerSetup SetupFor(string folder, bool refreshHttpCache = false) =>
        new(Install with { NuGetSettingsRoot = folder, RefreshHttpCache = refreshHttpCache }, Log);
}
