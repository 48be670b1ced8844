namespace Env.Core;

public static class ShellQuote
{
    /// <summary>
    /// Single quotes keep every byte literal in POSIX sh (spaces, $, `, \, newlines, non-ASCII);
    /// only a single quote itself needs closing, escaping and reopening.
    /// </summary>
    public static string Posix(string value) => "'" + value.Replace("'", "'\\''") + "'";

    /// <summary>
    /// fish's single quotes keep every byte literal (newlines, $, non-ASCII) but for two escapes of their own:
    /// a backslash and a single quote are written with a backslash before them.
    /// </summary>
    public static string Fish(string value) => "'" + value.Replace("\\", "\\\\").Replace("'", "\\'") + "'";

    /// <summary>
    /// PowerShell's single quotes keep everything literal ($, backticks, newlines) but the quote itself, which is
    /// doubled; PowerShell also takes the typographic single quotes (U+2018–U+201B) as quotes, so those are doubled too.
    /// </summary>
    public static string PowerShell(string value)
    {
        var s = new System.Text.StringBuilder("'");
        foreach (var c in value)
        {
            if (c is '\'' or '\u2018' or '\u2019' or '\u201A' or '\u201B') s.Append(c);
            s.Append(c);
        }
        return s.Append('\'').ToString();
    }
}
