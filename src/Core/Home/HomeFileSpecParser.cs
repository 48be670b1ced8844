using Env.Core.Diagnostics;

namespace Env.Core.Home;

/// <summary>
/// Turns the <c>HomeFile</c> items of env.proj into <see cref="HomeFileSpec"/>s, all of them or none, before anything is
/// read or written: the place is a plain path under the home folder (ENV0042), and the metadata says exactly one of
/// Source or Text, a known Mode, a true-or-false Executable and an OnChange command of bounded length (ENV0043). Where the sources lead is
/// <see cref="HomeSourceResolver"/>'s to judge.
/// </summary>
public static class HomeFileSpecParser
{
    private static readonly string[] Known = ["Source", "Text", "Mode", "Executable", "OnChange"];

    public static IReadOnlyList<HomeFileSpec> ParseAll(IEnumerable<(string Include, IReadOnlyDictionary<string, string> Metadata)> items, string? projectFile)
    {
        var specs = new List<HomeFileSpec>();
        foreach (var (include, written) in items)
        {
            // Module (and the file MSBuild says defined the item) name the owner; the rest is the file's.
            var (owner, metadata) = HomeItemOwner.Split(written);
            if (HomePath.Refusal(include) is { } why)
                throw new EnvException(EnvCode.ENV0042, $"HomeFile '{HomePath.Printable(include)}' cannot be a place in the home folder: {why}. Write its path relative to the home folder with '/', as '.config/git/config'.", projectFile);
            foreach (var key in metadata.Keys)
            {
                if (!Known.Contains(key, StringComparer.OrdinalIgnoreCase))
                    throw Metadata(include, $"has unknown metadata '{PrintableText.Of(key)}'; it takes Source or Text, and Mode, Executable, OnChange and Module", projectFile);
            }
            var source = Value(metadata, "Source");
            var text = Value(metadata, "Text");
            if ((source is null) == (text is null))
                throw Metadata(include, source is null ? "has neither Source nor Text" : "has both Source and Text", projectFile);
            var mode = Value(metadata, "Mode")?.Trim().ToLowerInvariant() switch
            {
                null or "link" => HomeFileMode.Link,
                "copy" => HomeFileMode.Copy,
                _ => throw Metadata(include, $"has Mode=\"{PrintableText.Of(Value(metadata, "Mode")!)}\"; Mode is Link (the default) or Copy", projectFile),
            };
            bool? executable = Value(metadata, "Executable")?.Trim().ToLowerInvariant() switch
            {
                null => null,
                "true" => true,
                "false" => false,
                _ => throw Metadata(include, $"has Executable=\"{PrintableText.Of(Value(metadata, "Executable")!)}\"; it takes true or false", projectFile),
            };
            var onChange = Value(metadata, "OnChange");
            if (onChange is not null && (string.IsNullOrWhiteSpace(onChange) || onChange.Contains('\0') || onChange.Length > HomeActivationParser.MaxCommandLength))
                throw Metadata(include, $"has an OnChange that is blank, holds a NUL or is longer than {HomeActivationParser.MaxCommandLength} characters; put a long script in a file and run that", projectFile);
            specs.Add(new HomeFileSpec(include, source, text, mode, executable) { OnChange = onChange, Owner = owner });
        }
        return specs;
    }

    /// <summary>The metadata's value; an empty Text is a file that is empty, an empty anything else is as if absent (MSBuild cannot tell the two).</summary>
    private static string? Value(IReadOnlyDictionary<string, string> metadata, string name)
    {
        var pair = metadata.FirstOrDefault(kv => string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase));
        if (pair.Key is null) return null;
        return pair.Value.Length == 0 && name != "Text" ? null : pair.Value;
    }

    private static EnvException Metadata(string include, string what, string? projectFile) =>
        new(EnvCode.ENV0043, $"HomeFile '{HomePath.Printable(include)}' {what}. Give exactly one of Source=\"dotfiles/…\" (a folder when it ends with '/') or Text=\"…\"; Mode=\"Copy\", Executable=\"true\" and OnChange=\"command\" are optional.", projectFile);
}
