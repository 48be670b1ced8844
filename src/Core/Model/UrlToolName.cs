using System.Text.RegularExpressions;
using Env.Core.Nix;

namespace Env.Core.Model;

/// <summary>
/// The tool name and version a download URL suggests, as release files are named:
/// <c>ripgrep-14.1.1-x86_64-unknown-linux-musl.tar.gz</c> → ripgrep 14.1.1, <c>go1.22.0.linux-amd64.tar.gz</c> → go
/// 1.22.0, <c>…/download/jq-1.7.1/jq-linux-amd64</c> → jq 1.7.1 (the version from a folder of the path). Either may be
/// null: the user then names it (<c>dotnet env add NAME@VERSION --url …</c>).
/// </summary>
internal static partial class UrlToolName
{
    private static readonly string[] Suffixes = [".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.bz2", ".tbz2", ".tar.zst", ".tzst", ".tar", ".zip", ".exe"];

    public static (string? Name, string? Version) Infer(Uri url)
    {
        var segments = url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToList();
        if (segments.Count == 0) return (null, null);
        var file = segments[^1];
        foreach (var suffix in Suffixes)
        {
            if (!file.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) continue;
            file = file[..^suffix.Length];
            break;
        }

        string? name;
        string? version = null;
        if (Version().Match(file) is { Success: true } m)
        {
            version = m.Groups[1].Value;
            name = file[..m.Index].TrimEnd('-', '_', '.');
        }
        else
        {
            // jq-linux-amd64: the name is the first word; the version may be a folder ("v1.7.1", "jq-1.7.1").
            name = FirstWord().Match(file).Value;
            version = segments.Take(segments.Count - 1).Reverse().Select(s => Version().Match(s)).FirstOrDefault(v => v.Success)?.Groups[1].Value;
        }
        if (name is not { Length: > 0 } || !StorePathName.IsValid(name)) name = null;
        return (name, version);
    }

    // A dotted number not glued to another number or dot ('x86_64' is no version); a 'v' before it is not part of it.
    [GeneratedRegex(@"(?<![\d.])v?(\d+(?:\.\d+)+(?:-(?:alpha|beta|rc|pre|preview)[.\d]*)?)(?![\d])", RegexOptions.IgnoreCase)]
    private static partial Regex Version();

    [GeneratedRegex(@"^[A-Za-z0-9+=]+(?:[._][A-Za-z0-9+=]+)*")]
    private static partial Regex FirstWord();
}
