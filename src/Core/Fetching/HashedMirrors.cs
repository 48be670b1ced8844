using Env.Core.Diagnostics;
using Env.Core.Nix;

namespace Env.Core.Fetching;

/// <summary>
/// Hashed mirrors, as Nix's <c>hashed-mirrors</c>: servers that hold files by their hash at <c>MIRROR/sha256/&lt;hex&gt;</c>,
/// so any static HTTP server, object store or folder can serve a team's archives whatever their upstream URL, and a build
/// keeps working when an upstream host is down. Only sha256 pins are looked up (the layout has no other algorithm).
/// </summary>
public static class HashedMirrors
{
    /// <summary>The environment variable naming mirrors for every build and the CLI (space- or ';'-separated), tried first.</summary>
    public const string Variable = "ENVSDK_MIRRORS";

    /// <summary>
    /// Reads mirror URLs: each value may hold several, separated by white space or ';'. Duplicates are dropped, the order
    /// kept. ENV0121 for a value that is not an absolute http, https or file URL (shown redacted: it may carry credentials).
    /// </summary>
    /// <param name="origin">Where the values came from, for the message (EnvMirror, ENVSDK_MIRRORS).</param>
    public static IReadOnlyList<Uri> Parse(IEnumerable<string?> values, string origin, string? file)
    {
        var result = new List<Uri>();
        foreach (var text in values.SelectMany(Split))
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || !UrlFetcher.IsSupportedScheme(url) || url.Query.Length > 0 && url.IsFile)
            {
                throw new EnvException(EnvCode.ENV0121,
                    $"{origin} names '{UrlRedaction.Redact(text)}', which is not an absolute http, https or file URL of a hashed mirror. Write the mirror's base URL (files are looked up at BASE/sha256/<hex>), e.g. https://cache.example/envsdk, or file:///srv/envsdk-mirror.",
                    file);
            }
            if (!result.Contains(url)) result.Add(url);
        }
        return result;
    }

    /// <summary>
    /// Where <paramref name="mirror"/> keeps the file with <paramref name="hash"/>: its path plus <c>/sha256/&lt;lowercase hex&gt;</c>,
    /// its query (a signed-URL token) and credentials kept. Null for a hash that is not sha256.
    /// </summary>
    public static Uri? UrlFor(Uri mirror, ContentHash hash)
    {
        if (hash.Algorithm != HashAlgorithmKind.Sha256) return null;
        var builder = new UriBuilder(mirror);
        builder.Path = builder.Path.TrimEnd('/') + "/sha256/" + hash.ToHex();
        return builder.Uri;
    }

    /// <summary>The relative path of a file in a mirror's layout, for writers of one (<c>dotnet env mirror export</c>).</summary>
    public static string RelativePath(ContentHash hash) => Path.Combine("sha256", hash.ToHex());

    private static IEnumerable<string> Split(string? value) =>
        (value ?? "").Split([' ', '\t', '\r', '\n', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
