using System.Text;

namespace Env.Core.Shell;

/// <summary>
/// <c>.envsdk/.env</c>: the env as final values in the dotenv form three readers share — VS Code's C# debugger
/// (<c>envFile</c> in launch.json), JetBrains' EnvFile plugin and docker compose (<c>env_file</c>) — and POSIX sh
/// (<c>set -a; . .envsdk/.env</c>). Their grammars differ (docs/ide.md has the details), so every value is written in
/// the one form all of them read as the same text:
/// <list type="bullet">
/// <item><c>NAME='value'</c> when the value holds no <c>'</c> and no line break and does not end in <c>\</c> (compose
/// would read the closing quote as escaped and refuse the whole file): every reader strips the quotes and keeps the
/// rest literally (no <c>$</c> expansion, no comments) — but EnvFile, which also turns <c>\n</c> into a line feed and
/// <c>\"</c> into <c>"</c> inside single quotes. That loss is taken so that Windows paths (<c>C:\new</c>) reach the
/// other readers, rather than leaving them out.</item>
/// <item><c>NAME="value"</c> when it holds a <c>'</c> or a line feed (written <c>\n</c>), but no <c>"</c>, <c>\</c>,
/// <c>$</c>, backtick or other line break: there each reader turns only <c>\n</c> into a line feed.</item>
/// <item>Anything else is left out, with a comment naming the variable: a value read differently by different readers
/// would be a silent bug.</item>
/// </list>
/// A dotenv file has no "before what is there" and no "remove": PATH and the variables the env prepends or appends to
/// are computed against the environment the build ran in (the only values of the user's environment copied here, as
/// they are part of the result); an unset variable is left out, with a comment.
/// </summary>
public static class DotEnvFormat
{
    /// <param name="current">The environment the final values are computed against (the build's).</param>
    public static string Generate(ShellActivation activation, IReadOnlyDictionary<string, string> current)
    {
        var s = new StringBuilder();
        s.Append(ShellFolder.ActivateMarker).Append(" from ").Append(OneLine(activation.ProjectFile)).Append("; do not edit.\n");
        s.Append("# Final values as of the last build (PATH and added-to lists include that build's environment).\n");
        s.Append("# For launch.json \"envFile\", EnvFile (Rider/IntelliJ) and docker compose \"env_file\"; see docs/ide.md.\n");
        var separator = Path.PathSeparator.ToString();
        var path = current.GetValueOrDefault("PATH") ?? "";
        // A build run from an activated shell already has the profile on PATH: once is enough.
        var ours = activation.PathFirst.Concat(activation.PathLast).ToHashSet(StringComparer.Ordinal);
        var rest = path.Split(Path.PathSeparator).Where(e => e.Length > 0 && !ours.Contains(e));
        Append(s, "PATH", string.Join(separator, activation.PathFirst.Concat(rest).Concat(activation.PathLast)));
        foreach (var change in activation.Changes)
        {
            switch (change.Kind)
            {
                case EnvVarOp.Set:
                    Append(s, change.Name, change.Value);
                    break;
                case EnvVarOp.Unset:
                    s.Append("# ").Append(change.Name).Append(" is unset by the env; a dotenv file cannot unset a variable.\n");
                    break;
                default:
                    var old = current.GetValueOrDefault(change.Name);
                    Append(s, change.Name, string.Join(separator, change.Prepend.Append(old).Concat(change.Append).Where(e => !string.IsNullOrEmpty(e))));
                    break;
            }
        }
        return s.ToString();
    }

    /// <summary><c>'value'</c> or <c>"value"</c> as described above, or null when no form reads the same everywhere.</summary>
    public static string? Quote(string value)
    {
        if (value.IndexOfAny(LineBreaks) < 0 && !value.Contains('\'') && !value.EndsWith('\\'))
            return "'" + value + "'";
        if (value.IndexOfAny(DoubleQuoteSpecials) < 0 && value.Replace("\n", "").IndexOfAny(LineBreaks) < 0)
            return "\"" + value.Replace("\n", "\\n") + "\"";
        return null;
    }

    /// <summary>What one of the readers ends a line at: Java's <c>\R</c> (EnvFile) is the widest.</summary>
    private static readonly char[] LineBreaks = ['\n', '\r', '\v', '\f', '\u0085', '\u2028', '\u2029'];

    /// <summary>What compose (escapes, <c>$</c>) or sh (<c>$</c>, backtick, escapes) treat specially inside double quotes.</summary>
    private static readonly char[] DoubleQuoteSpecials = ['"', '\\', '$', '`'];

    private static void Append(StringBuilder s, string name, string value)
    {
        if (Quote(value) is { } quoted)
            s.Append(name).Append('=').Append(quoted).Append('\n');
        else
            s.Append("# ").Append(name).Append(" is left out: its value holds ' or a line feed together with one of \" \\ $ `, another line break, or ends in \\; the readers of this file would read it differently. Use activate or env.json.\n");
    }

    private static string OneLine(string text)
    {
        var s = new StringBuilder(text.Length);
        foreach (var c in text) s.Append(Array.IndexOf(LineBreaks, c) >= 0 ? ' ' : c);
        return s.ToString();
    }
}
