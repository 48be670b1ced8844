using Env.Core.Diagnostics;

namespace Env.Core.Shell;

/// <summary>
/// <c>PATH</c> as an <c>EnvVar</c>: entries only (<c>Prepend</c>, <c>Append</c>; Home Manager's <c>sessionPath</c>,
/// direnv's <c>PATH_add</c>), never a <c>Value</c> or <c>Unset</c>, which would drop the env's tools and the user's PATH.
/// Every output composes PATH in one order: the tools' <c>bin</c> (the env's pins win over anything), the Prepend
/// entries (the user's own folders win over the system's, as Home Manager's sessionPath does), the PATH the shell
/// had, then the Append entries (fallbacks, found only when nothing else has the command).
/// <para>
/// An entry is a folder, literal in every shell: it is refused when it is empty (the current folder), holds a list
/// separator (':' or ';': it would be two entries, one perhaps relative), a line break (cmd cannot set it), <c>$(</c>,
/// <c>${</c> or a backquote (text that was meant to run or expand, not a folder; VS Code would resolve <c>${…}</c>), or starts with <c>~</c> (no shell expands it inside
/// quotes, and activation quotes everything). A relative entry is taken from the project's folder when the items are
/// read (a relative PATH entry would follow the current folder of every command); read back from a file, an entry
/// must already be absolute.
/// </para>
/// </summary>
public static class PathVariable
{
    public const string Name = "PATH";

    /// <summary>Whether <paramref name="name"/> is PATH in any spelling (on Windows <c>Path</c> is PATH).</summary>
    public static bool Is(string name) => string.Equals(name, Name, StringComparison.OrdinalIgnoreCase);

    /// <summary>The Prepend entries, in order.</summary>
    public static IReadOnlyList<string> Prepended(IEnumerable<EnvVariable> variables) =>
        variables.Where(v => v.Name == Name && v.Op == EnvVarOp.Prepend).Select(v => v.Value).ToList();

    /// <summary>The Append entries, in order.</summary>
    public static IReadOnlyList<string> Appended(IEnumerable<EnvVariable> variables) =>
        variables.Where(v => v.Name == Name && v.Op == EnvVarOp.Append).Select(v => v.Value).ToList();

    /// <summary>Every variable but PATH, which each output composes itself.</summary>
    public static IReadOnlyList<EnvVariable> Others(IEnumerable<EnvVariable> variables) => variables.Where(v => v.Name != Name).ToList();

    /// <summary>An entry as written in env.proj, made absolute against <paramref name="projectDir"/> when relative and checkable.</summary>
    public static string Resolve(string entry, string projectDir) =>
        entry.Length > 0 && Refusal(entry) is null && !System.IO.Path.IsPathFullyQualified(entry) ? System.IO.Path.GetFullPath(System.IO.Path.Combine(projectDir, entry)) : entry;

    /// <summary>Refuses PATH items that are not an entry (ENV0027) and entries that cannot be one (ENV0028).</summary>
    internal static void Check(string name, EnvVarOp op, string value, string? projectFile)
    {
        if (name != Name)
            throw new EnvException(EnvCode.ENV0027, $"EnvVar '{name}' is PATH in another spelling (on Windows one variable); write Include=\"{Name}\" with Prepend or Append.", projectFile);
        if (op is EnvVarOp.Set or EnvVarOp.Unset)
        {
            throw new EnvException(EnvCode.ENV0027,
                $"EnvVar 'PATH' cannot be {(op == EnvVarOp.Set ? "set" : "unset")}: that would drop the env's tools and the PATH the shell had. Add folders with Prepend=\"…\" (before the PATH the shell had) or Append=\"…\" (after it).",
                projectFile);
        }
        if (value.Length == 0) return; // ENV0024, said as for any list
        if (Refusal(value) is { } why)
            throw new EnvException(EnvCode.ENV0028, $"EnvVar 'PATH' entry '{PrintableText.Of(value)}' {why}.", projectFile);
        if (!System.IO.Path.IsPathFullyQualified(value))
            throw new EnvException(EnvCode.ENV0028, $"EnvVar 'PATH' entry '{PrintableText.Of(value)}' is not an absolute path; a relative entry would follow the current folder of every command. Write it in full.", projectFile);
    }

    private static string? Refusal(string entry)
    {
        for (var at = 0; at < entry.Length; at++)
        {
            // A drive's colon (C:\tools) is no separator on Windows.
            if (entry[at] == ';' || entry[at] == ':' && !(OperatingSystem.IsWindows() && at == 1))
                return $"holds '{entry[at]}', a PATH separator, so it would be two entries: give one folder per item";
        }
        if (entry.IndexOfAny(['\n', '\r', '\v', '\f', '\u0085', '\u2028', '\u2029']) >= 0)
            return "holds a line break: give one folder per item";
        if (entry.Contains("$(", StringComparison.Ordinal) || entry.Contains("${", StringComparison.Ordinal) || entry.Contains('`'))
            return "holds '$(', '${' or a backquote, text meant to run or expand, not a folder (MSBuild expands $(Property) itself; write a literal '$' as %24)";
        if (entry.StartsWith('~'))
            return "starts with '~', which no shell expands inside quotes: write the folder in full ($(HOME)/… in env.proj)";
        return null;
    }
}
