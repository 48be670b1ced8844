using Env.Core.Diagnostics;

namespace Env.Core.Fetching;

/// <summary>
/// Where an archive may come from besides its URL, and whether the network may be used at all: substitutes (NuGet feeds
/// holding archives by hash) first, then hashed mirrors in order, then the URL. Offline, only the download cache and local
/// files (file:// URLs and mirrors) are read.
/// </summary>
public sealed record FetchSources
{
    /// <summary>The variable that turns offline mode on for every build and the CLI: <c>1</c> or <c>true</c>.</summary>
    public const string OfflineVariable = "ENVSDK_OFFLINE";

    public static FetchSources None { get; } = new();

    /// <summary>Hashed mirror base URLs, in the order they are tried (<see cref="HashedMirrors"/>).</summary>
    public IReadOnlyList<Uri> Mirrors { get; init; } = [];

    public IArchiveSubstitutes? Substitutes { get; init; }

    /// <summary>No HTTP and no NuGet feed: only the store, the download cache and local files.</summary>
    public bool Offline { get; init; }

    /// <summary>
    /// Reads an on/off text as EnvOffline and ENVSDK_OFFLINE carry it: empty is off; <c>true</c>/<c>1</c> on,
    /// <c>false</c>/<c>0</c> off (any case). ENV0122 for anything else: a typo must not silently go online.
    /// </summary>
    public static bool ParseOffline(string? text, string origin, string? file)
    {
        var value = (text ?? "").Trim();
        if (value.Length == 0 || value == "0" || value.Equals("false", StringComparison.OrdinalIgnoreCase)) return false;
        if (value == "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
        throw new EnvException(EnvCode.ENV0122, $"{origin}=\"{value}\" is not true or false. Set it to true (or 1) to restore only from the store and caches, or remove it.", file);
    }
}
