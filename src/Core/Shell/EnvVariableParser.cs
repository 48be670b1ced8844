using System.Text;
using Env.Core.Diagnostics;

namespace Env.Core.Shell;

/// <summary>
/// Turns the <c>EnvVar</c> items of env.proj into <see cref="EnvVariable"/>s, all of them or none: run in the
/// restore phase too, so a typo fails before anything is fetched or written. Each item has exactly one of
/// <c>Value</c>, <c>Prepend</c>, <c>Append</c>, <c>Unset="true"</c> (none: <c>Value=""</c>). A variable is either
/// set by one item, unset by one item, or added to by any number of Prepend and Append items, which keep the order
/// they are written in: <c>Prepend="a"</c> then <c>Prepend="b"</c> gives <c>a:b:$OLD</c>, as one
/// <c>Prepend="a:b"</c> would.
/// </summary>
public static class EnvVariableParser
{
    private static readonly string[] Forms = ["Value", "Prepend", "Append", "Unset"];

    /// <param name="projectDir">Where a relative PATH entry is taken from (env.proj's folder); null when reading a file the
    /// build wrote, whose entries are absolute already (a relative one is refused).</param>
    public static IReadOnlyList<EnvVariable> ParseAll(IEnumerable<(string Name, IReadOnlyDictionary<string, string> Metadata)> items, string? projectFile, string? projectDir = null)
    {
        var variables = new List<EnvVariable>();
        foreach (var (name, metadata) in items)
        {
            foreach (var key in metadata.Keys)
            {
                if (!Forms.Contains(key, StringComparer.OrdinalIgnoreCase))
                    throw new EnvException(EnvCode.ENV0016, $"EnvVar '{name}' has unknown metadata '{key}'; it takes one of Value, Prepend, Append or Unset.", projectFile);
            }
            var forms = metadata.Where(kv => Forms.Contains(kv.Key, StringComparer.OrdinalIgnoreCase)).ToList();
            if (forms.Count > 1)
            {
                throw new EnvException(EnvCode.ENV0022,
                    $"EnvVar '{name}' has {string.Join(" and ", forms.Select(kv => kv.Key))}; an item does one thing: Value, Prepend, Append or Unset=\"true\". Write one item per change.",
                    projectFile);
            }
            var (form, value) = forms.Count == 0 ? ("Value", "") : (forms[0].Key, forms[0].Value);
            var op = form.ToLowerInvariant() switch
            {
                "prepend" => EnvVarOp.Prepend,
                "append" => EnvVarOp.Append,
                "unset" => EnvVarOp.Unset,
                _ => EnvVarOp.Set,
            };
            if (op == EnvVarOp.Unset)
            {
                if (!string.Equals(value.Trim(), "true", StringComparison.OrdinalIgnoreCase))
                    throw new EnvException(EnvCode.ENV0023, $"EnvVar '{name}' has Unset=\"{PrintableText.Of(value)}\"; Unset takes only \"true\". To leave the variable alone, remove the item.", projectFile);
                value = "";
            }
            if (projectDir is not null && name == PathVariable.Name && op is EnvVarOp.Prepend or EnvVarOp.Append) value = PathVariable.Resolve(value, projectDir);
            variables.Add(EnvVariable.Create(name, op, value, projectFile));
        }
        foreach (var group in variables.GroupBy(v => v.Name, StringComparer.OrdinalIgnoreCase)) CheckOneVariable(group.ToList(), projectFile);
        return variables;
    }

    /// <summary>The items of one variable (names compared ignoring case: on Windows 'Foo' and 'FOO' are one, and an env.proj serves every platform).</summary>
    private static void CheckOneVariable(IReadOnlyList<EnvVariable> items, string? projectFile)
    {
        if (items.Count == 1) return;
        var names = string.Join(" and ", items.Select(v => $"'{v.Name}'").Distinct());
        var caseNote = items.Select(v => v.Name).Distinct().Count() > 1 ? " (names that differ only in case are one variable on Windows)" : "";
        if (items.All(v => v.Op == EnvVarOp.Set))
            throw new EnvException(EnvCode.ENV0020, $"EnvVar {names} is set {items.Count} times{caseNote}. Keep one EnvVar item for it.", projectFile);
        if (items.Any(v => v.Op is EnvVarOp.Set or EnvVarOp.Unset))
        {
            throw new EnvException(EnvCode.ENV0025,
                $"EnvVar {names} has {string.Join(", ", items.Select(v => EnvVarOps.Name(v.Op)))} items{caseNote}: a variable is set by one item, unset by one item, or added to by Prepend and Append items. Keep the one you mean.",
                projectFile);
        }
        if (caseNote.Length > 0)
            throw new EnvException(EnvCode.ENV0025, $"EnvVar {names} are one variable{caseNote}. Spell the name the same way in every item.", projectFile);
        var twice = items.GroupBy(v => v.Value, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            throw new EnvException(EnvCode.ENV0026, $"EnvVar '{items[0].Name}' adds the entry '{PrintableText.Of(twice.Key)}' {twice.Count()} times. Keep one item for it.", projectFile);
        // Everything added, with a separator each: the least the variable will hold.
        EnvVariable.CheckSize(items[0].Name, items.Sum(v => Encoding.UTF8.GetByteCount(v.Value) + 1) - 1, projectFile);
    }
}
