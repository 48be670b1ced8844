using Env.Core.Diagnostics;

namespace Env.Core.Shell;

/// <summary>
/// Turns the <c>EnvVar</c> items of env.proj into <see cref="EnvVariable"/>s, all of them or none: run in the
/// restore phase too, so a typo fails before anything is fetched or written.
/// </summary>
public static class EnvVariableParser
{
    public static IReadOnlyList<EnvVariable> ParseAll(IEnumerable<(string Name, IReadOnlyDictionary<string, string> Metadata)> items, string? projectFile)
    {
        var variables = new List<EnvVariable>();
        foreach (var (name, metadata) in items)
        {
            foreach (var key in metadata.Keys)
            {
                if (!string.Equals(key, "Value", StringComparison.OrdinalIgnoreCase))
                    throw new EnvException("ENV0016", $"EnvVar '{name}' has unknown metadata '{key}'; it takes only Value.", projectFile);
            }
            var value = metadata.FirstOrDefault(kv => string.Equals(kv.Key, "Value", StringComparison.OrdinalIgnoreCase)).Value ?? "";
            variables.Add(EnvVariable.Create(name, value, projectFile));
        }
        // Ignoring case: on Windows 'Foo' and 'FOO' are one variable, and an env.proj serves every platform.
        var twice = variables.GroupBy(v => v.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new EnvException("ENV0020",
                $"EnvVar {string.Join(" and ", twice.Select(v => $"'{v.Name}'").Distinct())} is set {twice.Count()} times{(twice.Select(v => v.Name).Distinct().Count() > 1 ? " (names that differ only in case are one variable on Windows)" : "")}. Keep one EnvVar item for it.",
                projectFile);
        }
        return variables;
    }
}
