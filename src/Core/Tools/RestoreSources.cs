using Env.Core.Diagnostics;
using Env.Core.Fetching;
using Env.Core.NuGet;

namespace Env.Core.Tools;

/// <summary>
/// Where an install may fetch archives from besides their URLs, and whether it may use the network, from
/// <see cref="InstallSettings"/> (EnvMirror and EnvSubstitute items, the EnvMirrors and EnvSubstitutes properties,
/// EnvOffline, and the machine's ENVSDK_MIRRORS, ENVSDK_SUBSTITUTES and ENVSDK_OFFLINE put first by
/// <see cref="InstallSettings.With"/>: they name what is near it, a CI runner's cache; env.proj's what the team shares).
/// </summary>
public static class RestoreSources
{
    /// <param name="mirrors">Mirror URLs (each value may hold several, separated by white space or ';').</param>
    /// <param name="substitutes">NuGet sources (names in nuget.config, feed URLs or folders), one per value.</param>
    /// <param name="offline">No network at all: substitutes are not even set up, and only file:// mirrors are read.</param>
    /// <param name="settingsRoot">Where the nuget.config lookup starts (the env.proj folder).</param>
    /// <param name="file">env.proj, named by errors about the values.</param>
    public static FetchSources Create(IEnumerable<string?> mirrors, IEnumerable<string?> substitutes, bool offline, string settingsRoot, IEnvLog log, TransferTotals? totals, string? file)
    {
        var mirrorList = HashedMirrors.Parse(mirrors, "EnvMirror (or ENVSDK_MIRRORS)", file);
        var substituteList = substitutes.Select(s => (s ?? "").Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        return new FetchSources
        {
            Mirrors = mirrorList,
            Substitutes = offline || substituteList.Count == 0 ? null : new NuGetArchiveSubstitutes(substituteList, settingsRoot, log, totals, file),
            Offline = offline,
        };
    }

    /// <summary>The sources <paramref name="settings"/> name.</summary>
    public static FetchSources Create(InstallSettings settings, IEnvLog log, TransferTotals? totals) =>
        Create(settings.Mirrors, settings.Substitutes, settings.Offline, settings.NuGetSettingsRoot, log, totals, settings.DeclaredIn);
}
