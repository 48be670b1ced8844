using Env.Core.Diagnostics;

namespace Env.Core.Home;

/// <summary>
/// Turns the <c>HomeActivation</c> items of env.proj into <see cref="HomeActivationEntry"/>s in item order, all of them
/// or none (ENV0047): a name that a failure can be reported by, unique, and a command that is there, with the names its
/// <c>After</c> gives. The order they run in is the whole list's (<see cref="HomeActivationOrder"/>), decided after: an
/// item alone cannot tell a name that is missing from one that is further down.
/// </summary>
public static class HomeActivationParser
{
    /// <summary>An activation's name is printed in a switch's report; a longer one is not a name.</summary>
    public const int MaxNameLength = 100;

    /// <summary>A command is a line or a short script, not a file's worth: bounded so a manifest stays small.</summary>
    public const int MaxCommandLength = 64 * 1024;

    public static IReadOnlyList<HomeActivationEntry> ParseAll(IEnumerable<(string Include, IReadOnlyDictionary<string, string> Metadata)> items, string? projectFile)
    {
        var entries = new List<HomeActivationEntry>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, metadata) in items)
        {
            if (name.Length == 0 || name.Length > MaxNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
                throw Refused($"HomeActivation '{PrintableText.Of(name)}' is not a name: use up to {MaxNameLength} letters, digits, '-', '_' and '.'", projectFile);
            foreach (var key in metadata.Keys)
            {
                if (!string.Equals(key, "Command", StringComparison.OrdinalIgnoreCase) && !string.Equals(key, "After", StringComparison.OrdinalIgnoreCase))
                    throw Refused($"HomeActivation '{name}' has unknown metadata '{PrintableText.Of(key)}'; it takes Command and After", projectFile);
            }
            var command = metadata.FirstOrDefault(kv => string.Equals(kv.Key, "Command", StringComparison.OrdinalIgnoreCase)).Value;
            if (string.IsNullOrWhiteSpace(command))
                throw Refused($"HomeActivation '{name}' has no Command", projectFile);
            if (command.Contains('\0') || command.Length > MaxCommandLength)
                throw Refused($"HomeActivation '{name}' has a Command that holds a NUL or is longer than {MaxCommandLength} characters; put a long script in a file and run that", projectFile);
            if (!names.Add(name))
                throw Refused($"HomeActivation '{name}' is declared twice; a failure is reported by name, so each needs its own", projectFile);
            var after = metadata.FirstOrDefault(kv => string.Equals(kv.Key, "After", StringComparison.OrdinalIgnoreCase)).Value ?? "";
            entries.Add(new HomeActivationEntry(name, command)
            {
                After = after.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList(),
            });
        }
        return entries;
    }

    private static EnvException Refused(string what, string? projectFile) =>
        new(EnvCode.ENV0047, what + ". Write <HomeActivation Include=\"name\" Command=\"…\" /> (After=\"other;…\" optional).", projectFile);
}
