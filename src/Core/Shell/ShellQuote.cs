namespace Env.Core;

public static class ShellQuote
{
    /// <summary>
    /// Single quotes keep every byte literal in POSIX sh (spaces, $, `, \, newlines, non-ASCII);
    /// only a single quote itself needs closing, escaping and reopening.
    /// </summary>
    public static string Posix(string value) => "'" + value.Replace("'", "'\\''") + "'";
}
