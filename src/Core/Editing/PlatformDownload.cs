using Env.Core.Diagnostics;
using Env.Core.Fetching;

namespace Env.Core.Editing;

/// <summary>
/// One platform's download of <c>dotnet env add --url</c>: the Rid the item gets (null: none, as <c>--rid any</c>), the URL
/// and the <c>--bin</c> paths, each with the placeholders expanded for it (<see cref="UrlTemplate"/>).
/// </summary>
public sealed record PlatformDownload(string? Rid, string Url, IReadOnlyList<string> Bin)
{
    /// <summary>
    /// The downloads <c>add</c> makes of what the user typed, checked before anything is fetched:
    /// <list type="bullet">
    /// <item>one <c>--url</c> and no <c>--rid</c>: a template (placeholders) for each of <paramref name="defaultRids"/>
    /// (<c>EnvLockRuntimeIdentifiers</c>, asked only then); a plain URL for this machine, as before;</item>
    /// <item>one <c>--url</c> and <c>--rid</c>s: that URL for each (a plain one is the same file for each);</item>
    /// <item>several <c>--url</c>s: paired in order with as many <c>--rid</c>s (ENV0736 otherwise).</item>
    /// </list>
    /// <c>--rid any</c> writes no Rid. A RID twice, or a placeholder with no value for a platform, is refused (ENV0736, ENV0735).
    /// </summary>
    /// <param name="version">The version the user gave (for <c>{version}</c>), or null.</param>
    /// <param name="thisRid">This machine's RID: a plain URL's platform when no <c>--rid</c> is given.</param>
    public static IReadOnlyList<PlatformDownload> Plan(IReadOnlyList<string> urls, IReadOnlyList<string> rids, Func<IReadOnlyList<string>> defaultRids,
        string? version, IReadOnlyList<string> bin, PlatformNames names, string thisRid, string projectFile)
    {
        if (urls.Count == 0) throw new ArgumentException("No URL.", nameof(urls));
        var templates = urls.Select(u => UrlTemplate.Parse(u, "--url", projectFile)).ToList();
        var bins = bin.Select(b => UrlTemplate.Parse(b, "--bin", projectFile)).ToList();
        var pairs = new List<(string Rid, UrlTemplate Url)>();
        if (urls.Count > 1)
        {
            if (rids.Count != urls.Count)
            {
                throw new EnvException(EnvCode.ENV0736,
                    $"{urls.Count} --url options and {rids.Count} --rid options: several URLs pair up in order with as many RIDs (--rid linux-x64 --url … --rid win-x64 --url …). Nothing was downloaded or changed. " +
                    "For one URL with placeholders ({rid}, {os}, {arch}, {ext}, {exe}, {version}) give it once.",
                    projectFile);
            }
            pairs.AddRange(rids.Zip(templates));
        }
        else
        {
            var platforms = rids.Count > 0 ? rids : templates[0].HasPlaceholders ? defaultRids() : [thisRid];
            if (platforms.Count == 0)
            {
                throw new EnvException(EnvCode.ENV0737,
                    $"{PrintableText.Of(UrlRedaction.Redact(urls[0]))} has placeholders, and EnvLockRuntimeIdentifiers lists no platform to expand them for. Nothing was downloaded or changed. Name the platforms with --rid (repeat it).",
                    projectFile);
            }
            pairs.AddRange(platforms.Select(r => (r, templates[0])));
        }

        var notRid = pairs.FirstOrDefault(p => p.Rid.Trim() is var r && (r.Length is 0 or > 64 || !r.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_')));
        if (notRid.Url is not null)
            throw new EnvException(EnvCode.ENV0736, $"--rid '{PrintableText.Of(notRid.Rid)}' is not a runtime identifier (linux-x64, osx-arm64, win-x64, or any). Nothing was downloaded or changed.", projectFile);
        var twice = pairs.GroupBy(p => p.Rid.Trim(), StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            throw new EnvException(EnvCode.ENV0736, $"--rid {PrintableText.Of(twice.Key)} is given twice; one item per platform. Nothing was downloaded or changed.", projectFile);

        return pairs.Select(p =>
        {
            var rid = p.Rid.Trim();
            var itemRid = rid.Equals("any", StringComparison.OrdinalIgnoreCase) ? null : rid;
            return new PlatformDownload(itemRid, p.Url.Expand(itemRid, version, names, projectFile),
                bins.Select(b => b.Expand(itemRid, version, names, projectFile)).ToList());
        }).ToList();
    }
}
