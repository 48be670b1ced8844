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
}
