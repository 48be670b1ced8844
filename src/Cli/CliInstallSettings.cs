using Env.Core.Fetching;
using Env.Core.Platforms;
using Env.Core.Store;
using Env.Core.Tools;

namespace Env.Cli;

/// <summary>
/// The CLI's one reader of the install settings: the user's store and download cache (ENVSDK_STORE, ENVSDK_CACHE, the
/// XDG defaults a build uses), this machine's platform, and the ENVSDK_* variables (mirrors, substitutes, offline,
/// download timeout, stall timeout), read here and handed to Core as values. Every verb that installs or fetches starts
/// from it (<c>run</c>, <c>shell -p</c>, <c>add</c>, <c>outdated</c>, <c>push</c>, <c>mirror</c>, <c>verify --repair</c>).
/// env.proj's own properties are not seen (reading them takes MSBuild); the build applies them when it restores.
/// </summary>
internal static class CliInstallSettings
{
    /// <param name="nugetSettingsRoot">Where the nuget.config lookup starts: the env.proj folder, or the current folder.</param>
    /// <param name="offline">--offline; ENVSDK_OFFLINE turns it on too.</param>
    public static InstallSettings For(string nugetSettingsRoot, bool offline = false)
    {
        var machine = MachineInstallSettings.Read(Environment.GetEnvironmentVariable);
        return new InstallSettings
        {
            StoreDir = UserFolders.Store,
            CacheDir = UserFolders.Cache,
            NuGetSettingsRoot = nugetSettingsRoot,
            Rid = RuntimeIdentifierChain.Current(),
            Downloads = DownloadLimits.Parse(null, machine.DownloadTimeout, null),
            Offline = offline,
        }.With(machine);
    }
}
