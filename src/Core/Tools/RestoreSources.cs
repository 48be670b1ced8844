using Env.Core.Diagnostics;
using Env.Core.Fetching;
using Env.Core.NuGet;

namespace Env.Core.Tools;

/// <summary>
/// Where a restore may fetch archives from besides their URLs, and whether it may use the network, from what env.proj
/// says (EnvMirror and EnvSubstitute items, the EnvMirrors and EnvSubstitutes properties, EnvOffline) and this machine's
/// environment (ENVSDK_MIRRORS, ENVSDK_SUBSTITUTES, ENVSDK_OFFLINE). The machine's come first: they name what is near it
/// (a CI runner's cache), env.proj's what the team shares.
/// </summary>
public static class RestoreSources
{
    public const string SubstitutesVariable = "ENVSDK_SUBSTITUTES";

    /// <param name="mirrors">Mirror URLs (each value may hold several, separated by white space or ';').</param>
    /// <param name="substitutes">NuGet sources (names in nuget.config, feed URLs or folders), one per value.</param>
    /// <param name="offline">No network at all: substitutes are not even set up, and only file:// mirrors are read.</param>
    /// <param name="settingsRoot">Where the nuget.config lookup starts (the env.proj folder).</param>
    /// <param name="file">env.proj, named by errors about the values.</param>
    public static FetchSources Create(IEnumerable<string?> mirrors, IEnumerable<string?> substitutes, bool offline, string settingsRoot, IEnvLog log, TransferTotals? totals, string? file)
    {
        var mirrorList = HashedMirrors.Parse([Environment.GetEnvironmentVariable(HashedMirrors.Variable), .. mirrors], "EnvMirror (or ENVSDK_MIRRORS)", file);
        // The variable is split on white space and ';'; an item is one source as written (a folder may hold spaces).
        var substituteList = Split(Environment.GetEnvironmentVariable(SubstitutesVariable))
            .Concat(substitutes.Select(s => (s ?? "").Trim()).Where(s => s.Length > 0))
            .Distinct(StringComparer.Ordinal).ToList();
        return new FetchSources
        {
            Mirrors = mirrorList,
            Substitutes = offline || substituteList.Count == 0 ? null : new NuGetArchiveSubstitutes(substituteList, settingsRoot, log, totals, file),
            Offline = offline,
        };
    }

    /// <summary>
    /// What the CLI (and <c>dotnet env run</c>) uses outside MSBuild: the environment's mirrors and substitutes, offline
    /// when <paramref name="offline"/> or ENVSDK_OFFLINE says so.
    /// </summary>
    public static FetchSources FromEnvironment(string settingsRoot, IEnvLog log, bool offline = false, TransferTotals? totals = null) =>
        Create([], [], offline || FetchSources.OfflineFromEnvironment(), settingsRoot, log, totals, null);

    private static string[] Split(string? value) =>
        (value ?? "").Split([' ', '\t', '\r', '\n', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
