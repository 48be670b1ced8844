using Env.Core.Diagnostics;
using Env.Core.Fetching;

namespace Env.Core.Editing;

/// <summary>
/// A download URL (or a <c>--bin</c> path) with placeholders, expanded once per platform by <c>dotnet env add</c>:
/// <c>{rid}</c> (as written: <c>linux-x64</c>), <c>{os}</c> and <c>{arch}</c> (its parts, or what <see cref="PlatformNames"/>
/// maps them to), <c>{ext}</c> (<c>zip</c> on Windows, <c>tar.gz</c> elsewhere, or as mapped), <c>{exe}</c> (<c>.exe</c> on
/// Windows, else nothing) and <c>{version}</c> (the version given as <c>NAME@VERSION</c>). Anything else in braces is
/// refused (ENV0735) before anything is downloaded: a typo must not become a request.
/// </summary>
public sealed class UrlTemplate
{
    public static readonly string[] Placeholders = ["rid", "os", "arch", "ext", "exe", "version"];

    private readonly List<(bool IsPlaceholder, string Text)> _parts;

    private UrlTemplate(string text, List<(bool, string)> parts)
    {
        Text = text;
        _parts = parts;
    }

    public string Text { get; }

    public bool HasPlaceholders => _parts.Any(p => p.IsPlaceholder);

    public bool Uses(string placeholder) => _parts.Any(p => p.IsPlaceholder && p.Text == placeholder);

    /// <param name="what">What the text is, for messages: "--url", "--bin".</param>
    public static UrlTemplate Parse(string text, string what, string projectFile)
    {
        var parts = new List<(bool, string)>();
        var at = 0;
        while (at < text.Length)
        {
            var open = text.IndexOf('{', at);
            var close = text.IndexOf('}', at);
            if (open < 0 && close < 0)
            {
                parts.Add((false, text[at..]));
                break;
            }
            if (close >= 0 && (open < 0 || close < open)) throw Malformed(text, what, "a '}' that closes nothing", projectFile);
            var end = text.IndexOf('}', open);
            if (end < 0) throw Malformed(text, what, "a '{' that is not closed", projectFile);
            var name = text[(open + 1)..end];
            if (!Placeholders.Contains(name, StringComparer.Ordinal))
                throw Malformed(text, what, $"the placeholder '{{{PrintableText.Of(name)}}}', which is not one of {string.Join(", ", Placeholders.Select(p => $"{{{p}}}"))}", projectFile);
            if (open > at) parts.Add((false, text[at..open]));
            parts.Add((true, name));
            at = end + 1;
        }
        return new UrlTemplate(text, parts);
    }

    /// <summary>The text for <paramref name="rid"/> (null: no platform, as <c>--rid any</c>); ENV0735 when a placeholder has no value for it.</summary>
    public string Expand(string? rid, string? version, PlatformNames names, string projectFile)
    {
        if (!HasPlaceholders) return Text;
        return string.Concat(_parts.Select(p => !p.IsPlaceholder ? p.Text : Value(p.Text, rid, version, names)
            ?? throw new EnvException(EnvCode.ENV0735, Missing(p.Text, rid), projectFile)));
    }

    private static string? Value(string placeholder, string? rid, string? version, PlatformNames names) => placeholder switch
    {
        "version" => version,
        _ when rid is null => null,
        "rid" => rid,
        "os" => names.OsOf(rid),
        "arch" => names.ArchOf(rid),
        "ext" => names.ExtOf(rid),
        "exe" => PlatformNames.ExeOf(rid),
        _ => null,
    };

    private string Missing(string placeholder, string? rid) => placeholder switch
    {
        "version" => $"{PrintableText.Of(UrlRedaction.Redact(Text))} uses {{version}}, and no version was given. Nothing was downloaded or changed. Give it before the URL: dotnet env add NAME@VERSION --url …",
        _ when rid is null => $"{PrintableText.Of(UrlRedaction.Redact(Text))} uses {{{placeholder}}}, which needs a platform, and the item is for any platform (--rid any). Nothing was downloaded or changed. Name the platforms with --rid.",
        _ => $"{PrintableText.Of(UrlRedaction.Redact(Text))} uses {{{placeholder}}}, and {rid} has no {placeholder} part. Nothing was downloaded or changed. Name it with --arch-names {rid}=VALUE, or use a RID with an architecture (linux-x64).",
    };

    /// <summary>Whether a value may stand in a URL's path: no white space, control character, '/', '?', '#' or braces.</summary>
    public static bool IsUrlPart(string value) =>
        value.All(c => !char.IsWhiteSpace(c) && !char.IsControl(c) && c is not ('/' or '?' or '#' or '{' or '}' or '\\'));

    private static EnvException Malformed(string text, string what, string why, string projectFile) =>
        new(EnvCode.ENV0735,
            $"{what} '{PrintableText.Of(UrlRedaction.Redact(text))}' has {why}. Nothing was downloaded or changed. Placeholders: {string.Join(", ", Placeholders.Select(p => $"{{{p}}}"))} (dotnet env add --help).",
            projectFile);
}
