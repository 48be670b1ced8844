using Env.Core.Diagnostics;

namespace Env.Core.Editing;

/// <summary>
/// What a download URL template's <c>{os}</c>, <c>{arch}</c> and <c>{ext}</c> become for a RID, for <c>dotnet env add
/// --url</c> on several platforms. By default the RID's own spelling (<c>linux-musl-x64</c>: os <c>linux-musl</c>, arch
/// <c>x64</c>) and <c>zip</c> on Windows, <c>tar.gz</c> elsewhere; projects name platforms their own way, so each is
/// settable by <c>--os-names osx=darwin,win=windows</c>, <c>--arch-names x64=amd64</c>, <c>--ext-names osx=zip</c>. A
/// key is a whole RID (which wins) or the part that placeholder stands for (the OS for os and ext, the architecture for arch).
/// </summary>
public sealed record PlatformNames
{
    public IReadOnlyDictionary<string, string> Os { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Arch { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Ext { get; init; } = new Dictionary<string, string>();

    /// <summary>The three options as typed: each value a list of <c>KEY=VALUE</c> separated by ',' or ';'; ENV0735 for anything else.</summary>
    public static PlatformNames Parse(IEnumerable<string> os, IEnumerable<string> arch, IEnumerable<string> ext, string projectFile) => new()
    {
        Os = Map("--os-names", os, projectFile),
        Arch = Map("--arch-names", arch, projectFile),
        Ext = Map("--ext-names", ext, projectFile),
    };

    /// <summary>The RID's OS as the project names it.</summary>
    public string OsOf(string rid) => Lookup(Os, rid, Split(rid).Os) ?? Split(rid).Os;

    /// <summary>The RID's architecture as the project names it; null for a RID that has none (<c>linux</c>, <c>any</c>).</summary>
    public string? ArchOf(string rid) => Split(rid).Arch is { } arch ? Lookup(Arch, rid, arch) ?? arch : Lookup(Arch, rid, null);

    /// <summary>The archive's extension for the RID, without the leading dot.</summary>
    public string ExtOf(string rid) => Lookup(Ext, rid, Split(rid).Os) ?? (IsWindows(rid) ? "zip" : "tar.gz");

    /// <summary><c>.exe</c> on Windows, else nothing: what a program's file name ends with there.</summary>
    public static string ExeOf(string rid) => IsWindows(rid) ? ".exe" : "";

    private static bool IsWindows(string rid) => Split(rid).Os.StartsWith("win", StringComparison.OrdinalIgnoreCase);

    private static string? Lookup(IReadOnlyDictionary<string, string> map, string rid, string? part) =>
        map.TryGetValue(rid, out var whole) ? whole : part is not null && map.TryGetValue(part, out var byPart) ? byPart : null;

    /// <summary><c>linux-musl-x64</c> → (<c>linux-musl</c>, <c>x64</c>); <c>osx</c> → (<c>osx</c>, null): the last part is the architecture when there are two or more.</summary>
    private static (string Os, string? Arch) Split(string rid)
    {
        var dash = rid.LastIndexOf('-');
        if (dash <= 0) return (rid, null);
        var last = rid[(dash + 1)..];
        // linux-musl and linux-bionic are OS families without an architecture.
        return last is "musl" or "bionic" ? (rid, null) : (rid[..dash], last);
    }

    private static Dictionary<string, string> Map(string option, IEnumerable<string> lists, string projectFile)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in lists.SelectMany(l => l.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var eq = entry.IndexOf('=');
            var key = eq > 0 ? entry[..eq].Trim() : "";
            var value = eq > 0 ? entry[(eq + 1)..].Trim() : "";
            if (key.Length == 0 || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_') || !UrlTemplate.IsUrlPart(value))
            {
                throw new EnvException(EnvCode.ENV0735,
                    $"{option} '{PrintableText.Of(entry)}' is not KEY=VALUE with a RID, OS or architecture as KEY and a piece of a URL as VALUE (no white space, '/', '?', '#', '{{' or '}}'). " +
                    $"Nothing was downloaded or changed. Example: {option} {Example(option)}",
                    projectFile);
            }
            if (!map.TryAdd(key, value) && map[key] != value)
                throw new EnvException(EnvCode.ENV0735, $"{option} gives {PrintableText.Of(key)} twice ('{PrintableText.Of(map[key])}' and '{PrintableText.Of(value)}'). Nothing was downloaded or changed.", projectFile);
        }
        return map;
    }

    private static string Example(string option) => option switch
    {
        "--os-names" => "osx=darwin,win=windows",
        "--arch-names" => "x64=amd64,arm64=aarch64",
        _ => "osx=zip,linux=tar.xz",
    };
}
