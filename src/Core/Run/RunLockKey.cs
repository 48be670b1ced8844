using Env.Core.Diagnostics;
using Env.Core.Nix;

namespace Env.Core.Run;

/// <summary>
/// Binds a run lock key to its entry. The key is what the user asked for (<c>csharpier@1.3.0</c>, <c>url:URL#HASH</c>);
/// the entry is what a run of it starts. An entry filed under a key it does not answer (another pinned tool, another
/// version, another archive's hash) is refused, so a hand-edited or planted file cannot make one request start another
/// tool's bytes.
/// </summary>
internal static class RunLockKey
{
    private const string UrlPrefix = "url:";
    private const string BinSuffix = "#bin=";

    /// <summary>An ad-hoc shell's own pins (<c>dotnet env shell TOOL…</c>): the same request, kept apart.</summary>
    private const string ShellPrefix = "shell:";

    /// <summary>Why <paramref name="entry"/> is not what <paramref name="key"/> asks for, or null when it is.</summary>
    public static string? Mismatch(string key, RunLockEntry entry)
    {
        if (key.StartsWith(UrlPrefix, StringComparison.Ordinal))
        {
            // url:URL#HASH[#BIN]: the archive's hash is the pin, so the entry must have been fetched by it.
            if (!ContentHash.TryParse(entry.Entry.SourceHash, out var source, out _)) return "its source hash is not a hash";
            var sri = "#" + source.ToSri();
            return entry.Entry.Url is not null && (key.EndsWith(sri, StringComparison.Ordinal) || key.Contains(sri + "#", StringComparison.Ordinal))
                ? null
                : "it is not the archive its key pins (another URL or hash)";
        }

        if (key.StartsWith(ShellPrefix, StringComparison.Ordinal)) key = key[ShellPrefix.Length..];
        var bin = key.IndexOf(BinSuffix, StringComparison.Ordinal);
        RunReference reference;
        try
        {
            reference = RunReference.Parse(bin >= 0 ? key[..bin] : key);
        }
        catch (EnvException)
        {
            return "its key is not a request dotnet env run makes";
        }

        // SET@VERSION#tool: the set is the package asked for, the tool the command.
        var package = entry.ToolSet ?? entry.Entry;
        if (!string.Equals(package.Package, reference.Package, StringComparison.OrdinalIgnoreCase))
            return $"it is package '{PrintableText.Of(package.Package ?? "(none)")}', not '{reference.Package}'";
        if (reference.Version is { } version
            && !string.Equals(package.Requested, version, StringComparison.OrdinalIgnoreCase)
            && !string.Equals(package.Version, version, StringComparison.OrdinalIgnoreCase))
            return $"it is version {PrintableText.Of(package.Version)}, not {PrintableText.Of(version)}";
        if (entry.ToolSet is not null && !string.Equals(entry.Tool, reference.Command, StringComparison.OrdinalIgnoreCase))
            return $"it is the tool set's tool '{PrintableText.Of(entry.Tool)}', not '{PrintableText.Of(reference.Command ?? "")}'";
        return null;
    }
}
