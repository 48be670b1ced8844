using Env.Core.Diagnostics;

namespace Env.Core.Shell;

/// <summary>
/// Turns the <c>ShellAlias</c> items of env.proj into <see cref="ShellAlias"/>es, all of them or none, in the restore
/// phase too: <c>&lt;ShellAlias Include="ll" Command="ls -la" /&gt;</c>, one item per name (names compared ignoring
/// case, as PowerShell and cmd do), in the order written.
/// </summary>
public static class ShellAliasParser
{
    public static IReadOnlyList<ShellAlias> ParseAll(IEnumerable<(string Name, IReadOnlyDictionary<string, string> Metadata)> items, string? projectFile)
    {
        var aliases = new List<ShellAlias>();
        foreach (var (name, metadata) in items)
        {
            foreach (var key in metadata.Keys)
            {
                if (!string.Equals(key, "Command", StringComparison.OrdinalIgnoreCase))
                    throw new EnvException(EnvCode.ENV0032, $"ShellAlias '{PrintableText.Of(name)}' has unknown metadata '{key}'; it takes only Command.", projectFile);
            }
            var command = metadata.FirstOrDefault(kv => string.Equals(kv.Key, "Command", StringComparison.OrdinalIgnoreCase)).Value ?? "";
            var alias = ShellAlias.Create(name, command, projectFile);
            if (aliases.Any(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase)))
                throw new EnvException(EnvCode.ENV0033, $"ShellAlias '{name}' is given twice (names compared ignoring case, as PowerShell and cmd do). Keep one item per alias.", projectFile);
            aliases.Add(alias);
        }
        return aliases;
    }
}
