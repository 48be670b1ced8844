namespace Env.Core.Profiles;

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

    /// <summary>
    /// cmd's <c>set "NAME=value"</c> argument, quotes included. cmd reads a batch line twice: every <c>%</c> is doubled
    /// (percent expansion ignores quotes), and a <c>"</c> inside the value switches quoting off and on, so while it is
    /// off, <c>^ &amp; | &lt; &gt; ( )</c> get a caret. <c>set</c> takes everything up to the line's last quote, so the
    /// value's own quotes stay. Delayed expansion (<c>!</c>) must be off, which activate.cmd checks. A line break
    /// cannot be written: the caller refuses it.
    /// </summary>
    public static string Cmd(string assignment)
    {
        if (assignment.IndexOfAny(['\r', '\n', '\0']) >= 0) throw new ArgumentException("cmd cannot set a value holding a line break or NUL.", nameof(assignment));
        var s = new System.Text.StringBuilder("\"");
        var quoted = true;
        foreach (var c in assignment)
        {
            if (c == '%') s.Append('%');
            else if (c == '"') quoted = !quoted;
            else if (!quoted && c is '^' or '&' or '|' or '<' or '>' or '(' or ')') s.Append('^');
            s.Append(c);
        }
        return s.Append('"').ToString();
    }
}
