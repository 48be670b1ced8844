using Env.Core.Diagnostics;

namespace Env.Core.Shell;

/// <summary>
/// Turns the <c>ShellHook</c> items of env.proj into <see cref="ShellHook"/>s, all of them or none, in the restore
/// phase too: <c>&lt;ShellHook Include="sh|fish|pwsh|cmd" Text="…" /&gt;</c>, at most one per family.
/// </summary>
public static class ShellHookParser
{
    /// <summary>Bounds a hook as a variable is bounded: it is code for a prompt, not a program.</summary>
    public const int MaxTextBytes = EnvVariable.MaxEntryBytes;

    public static IReadOnlyList<ShellHook> ParseAll(IEnumerable<(string Name, IReadOnlyDictionary<string, string> Metadata)> items, string? projectFile)
    {
        var hooks = new List<ShellHook>();
        foreach (var (name, metadata) in items)
        {
            if (ShellFamilies.Parse(name) is not { } family)
            {
                throw new EnvException(EnvCode.ENV0610,
                    $"ShellHook '{PrintableText.Of(name)}' names no shell family Env.Sdk writes activation for; use Include=\"sh\" (bash, zsh, dash), \"fish\", \"pwsh\" or \"cmd\".",
                    projectFile);
            }
            foreach (var key in metadata.Keys)
            {
                if (!string.Equals(key, "Text", StringComparison.OrdinalIgnoreCase))
                    throw new EnvException(EnvCode.ENV0611, $"ShellHook '{name}' has unknown metadata '{key}'; it takes only Text.", projectFile);
            }
            var text = metadata.FirstOrDefault(kv => string.Equals(kv.Key, "Text", StringComparison.OrdinalIgnoreCase)).Value ?? "";
            if (text.Trim().Length == 0)
                throw new EnvException(EnvCode.ENV0611, $"ShellHook '{name}' has no Text: write the code to run, or remove the item.", projectFile);
            if (text.Contains('\0'))
                throw new EnvException(EnvCode.ENV0612, $"ShellHook '{name}' contains a NUL character, which no shell reads in a script.", projectFile);
            if (System.Text.Encoding.UTF8.GetByteCount(text) > MaxTextBytes)
                throw new EnvException(EnvCode.ENV0612, $"ShellHook '{name}' is over {MaxTextBytes} bytes. Put the code in a script beside env.proj and run that from the hook.", projectFile);
            if (hooks.Any(h => h.Family == family))
                throw new EnvException(EnvCode.ENV0613, $"ShellHook '{name}' is given twice; one item per shell family. Put all the code in one Text.", projectFile);
            hooks.Add(new ShellHook(family, text));
        }
        return hooks;
    }
}
