using Env.Core.Archives;
using Env.Core.Diagnostics;
using Env.Core.Fetching;
using Env.Core.Nix;
using Env.Core.Platforms;

namespace Env.Core.Model;

/// <summary>
/// Turns the metadata of a <c>Tool</c> item into a <see cref="ToolSpec"/>, refusing anything it does not
/// understand: a typo in a metadata name must not silently install something else.
/// </summary>
public static class ToolSpecParser
{
    private static readonly string[] Known = ["Version", "Rid", "Url", "Hash", "Package", "Bin", "StripRoot", "Executable", "Optional", "Platforms"];

    /// <summary>The metadata about where a tool exists rather than what it is: a tool taken from a set may have them too.</summary>
    public static readonly string[] AvailabilityMetadata = ["Optional", "Platforms"];

    /// <summary>Longer than any RID; a longer entry is not one.</summary>
    private const int MaxRidLength = 64;

    public static ToolSpec Parse(string name, IReadOnlyDictionary<string, string> metadata, string? projectFile)
    {
        foreach (var key in metadata.Keys)
        {
            if (!Known.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                var near = Known.FirstOrDefault(k => EditDistance.Between(k.ToLowerInvariant(), key.ToLowerInvariant()) <= 2);
                throw new EnvException(EnvCode.ENV0002,
                    $"Tool '{name}' has unknown metadata '{key}'{(near is null ? "" : $"; did you mean '{near}'?")} Known metadata: {string.Join(", ", Known)}.",
                    projectFile);
            }
        }
        // '?' is valid in a store name but is an MSBuild wildcard in Include, so a tool could never be declared with it.
        if (!StorePathName.IsValid(name) || name.Contains('?'))
            throw new EnvException(EnvCode.ENV0001, $"Tool name '{name}' is not usable: use letters, digits and + - . _ = only, not starting with '.'.", projectFile);

        string? Get(string key) =>
            metadata.FirstOrDefault(kv => string.Equals(kv.Key, key, StringComparison.OrdinalIgnoreCase)).Value is { Length: > 0 } v ? v.Trim() : null;

        var version = Get("Version");
        var urlText = Get("Url");
        var url = urlText is null ? null : ToolUrl.Parse(name, urlText, projectFile);

        ContentHash? hash = null;
        if (Get("Hash") is { } hashText)
        {
            if (!ContentHash.TryParse(hashText, out var parsed, out var error))
                throw new EnvException(EnvCode.ENV0004,
                    $"Tool '{name}': Hash '{hashText}' is malformed: {error} Accepted forms: SRI, the algorithm, '-' and base64 of the digest " +
                    "(e.g. Hash=\"sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\"; sha512-… likewise); the algorithm, ':' and hex, nix32 or base64 " +
                    "(sha256:<64 hex digits>); or bare hex of 64 (sha256) or 128 (sha512) digits. To have the build print the right hash, remove Hash and build once.",
                    projectFile);
            hash = parsed;
        }

        var (optional, platforms) = ParseAvailability(name, metadata, projectFile);
        var executable = ParseBool(name, "Executable", Get("Executable"), false, projectFile);
        var stripRoot = ParseBool(name, "StripRoot", Get("StripRoot"), true, projectFile);
        var package = Get("Package");

        if (url is not null)
        {
            if (package is not null)
                throw new EnvException(EnvCode.ENV0009, $"Tool '{name}' has both Url and Package; an archive tool has a Url, a NuGet tool a Package.", projectFile);
            if (version is null)
                throw new EnvException(EnvCode.ENV0010, $"Tool '{name}' has no Version; archive tools need the exact version they pin.", projectFile);
            if (!executable && ArchiveFormats.FromFileName(url.AbsolutePath) is null)
                throw new EnvException(EnvCode.ENV0207,
                    $"Tool '{name}': cannot tell the archive type of {UrlRedaction.Redact(urlText!)}. Supported: .tar.gz, .tgz, .tar.xz, .tar.bz2, .tar.zst, .tar, .zip; for a bare program set Executable=\"true\".",
                    projectFile);
        }
        else
        {
            if (hash is not null)
                throw new EnvException(EnvCode.ENV0011, $"Tool '{name}' has a Hash but no Url: a NuGet tool is pinned by the lock file's content hash instead.", projectFile);
            if (executable)
                throw new EnvException(EnvCode.ENV0011, $"Tool '{name}': Executable applies to a Url only.", projectFile);
            if (version is null)
                throw new EnvException(EnvCode.ENV0010, $"Tool '{name}' has no Version; give an exact version or a floating one such as 1.*.", projectFile);
        }

        var bin = (Get("Bin") ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToArray();
        foreach (var b in bin)
        {
            if (Path.IsPathRooted(b) || b.Replace('\\', '/').Split('/').Contains(".."))
                throw new EnvException(EnvCode.ENV0012, $"Tool '{name}': Bin path '{b}' must be relative to the tool's root and stay inside it.", projectFile);
            CommandName.Check(Path.GetFileName(b), name, $"Bin path '{b}'", "Write Bin as folder/file relative to the tool's root, with '/' between folders.", projectFile);
        }
        // Each Bin path becomes bin/<its file name>; two with one name would overwrite each other. Compared
        // ignoring case: on Windows and macOS they are one file.
        var clash = bin.GroupBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new EnvException(EnvCode.ENV0018,
                $"Tool '{name}': Bin paths {string.Join(" and ", clash.Select(b => $"'{b}'"))} would both become the command '{clash.Key}'. Keep one of them in Bin.",
                projectFile);
        }
        if (executable)
            CommandName.Check(name, name, "the tool name (Executable=\"true\" installs the program under it)", "Rename the Tool item.", projectFile);

        return new ToolSpec
        {
            Name = name,
            Version = version,
            Rid = Get("Rid"),
            Url = url,
            UrlAsWritten = urlText,
            Hash = hash,
            Package = package,
            Bin = bin,
            StripRoot = stripRoot,
            Executable = executable,
            Optional = optional,
            Platforms = platforms,
            DeclaredIn = projectFile,
        };
    }

    /// <summary>
    /// <c>Optional</c> (true or false, ENV0013) and <c>Platforms</c> (RIDs separated by <c>;</c>, ENV0057), each null when
    /// not given. Whether a tool's items agree is <see cref="ToolSelection"/>'s to judge: it sees them all.
    /// </summary>
    public static (bool? Optional, IReadOnlyList<string>? Platforms) ParseAvailability(string name, IReadOnlyDictionary<string, string> metadata, string? projectFile)
    {
        string? Get(string key) =>
            metadata.FirstOrDefault(kv => string.Equals(kv.Key, key, StringComparison.OrdinalIgnoreCase)).Value is { Length: > 0 } v ? v.Trim() : null;

        bool? optional = Get("Optional") is { } text ? ParseBool(name, "Optional", text, false, projectFile) : null;
        if (Get("Platforms") is not { } list) return (optional, null);
        var platforms = list.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (platforms.Length == 0)
            throw new EnvException(EnvCode.ENV0057, $"Tool '{name}': Platforms=\"{PrintableText.Of(list)}\" names no platform. List RIDs separated by ';' (Platforms=\"linux-x64;osx-arm64\"), or remove it.", projectFile);
        foreach (var rid in platforms)
        {
            // A misspelt OS would leave the tool out everywhere, silently: only RIDs of a known OS are taken.
            if (rid.Length > MaxRidLength || !rid.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_') || !RuntimeIdentifierChain.IsKnown(rid))
            {
                throw new EnvException(EnvCode.ENV0057,
                    $"Tool '{name}': Platforms entry '{PrintableText.Of(rid)}' is not a runtime identifier of a known OS. Write RIDs such as linux-x64, linux-musl-arm64, osx-arm64, win-x64, or a family: linux, osx, win, unix.",
                    projectFile);
            }
        }
        return (optional, platforms);
    }

    private static bool ParseBool(string tool, string key, string? text, bool fallback, string? file)
    {
        if (text is null) return fallback;
        if (bool.TryParse(text, out var value)) return value;
        throw new EnvException(EnvCode.ENV0013, $"Tool '{tool}': {key}=\"{text}\" must be true or false.", file);
    }
}
