using Env.Core.Diagnostics;

namespace Env.Core.Fetching;

/// <summary>One thing an offline restore needs and neither the store nor the download cache has.</summary>
/// <param name="Tool">The tool's name.</param>
/// <param name="Version">The version asked for (or locked).</param>
/// <param name="Platform">The lock's platform for it (<c>any</c> for one item for all).</param>
/// <param name="Source">Where it would come from online: the URL (redacted) or the package and version; or why it cannot be known offline.</param>
public sealed record OfflineGap(string Tool, string Version, string Platform, string Source)
{
    public override string ToString() =>
        $"'{Tool}'{(Version.Length > 0 ? " " + Version : "")}{(Platform.Length > 0 ? $" ({Platform})" : "")}: {Source}";

    /// <summary>
    /// ENV0120, naming every gap and the next step. Raised before anything is written, so an offline build that cannot
    /// finish changes nothing.
    /// </summary>
    public static EnvException Error(IReadOnlyList<OfflineGap> gaps, string? file) =>
        new(EnvCode.ENV0120,
            $"Offline (EnvOffline, --offline or ENVSDK_OFFLINE), and {gaps.Count} tool{(gaps.Count == 1 ? " is" : "s are")} neither in the store nor in the download cache: " +
            string.Join("; ", gaps) + ". Nothing was fetched or written. " +
            "Next: build once online (drop EnvOffline / --offline / ENVSDK_OFFLINE), which fills the store and the cache; or, where there is no network, point ENVSDK_MIRRORS at a file:// copy of a hashed mirror made by 'dotnet env mirror export DIR' on a machine that has them (local files are read offline).",
            file);
}
