using System.Text;
using Env.Core.Profiles;

namespace Env.Core.Shell;

/// <summary>
/// The line that defines a <see cref="ShellAlias"/> in each shell, shared by the activate scripts and a home session.
/// The command is the user's shell text, as an alias's always is; what is quoted is the text as a whole, so that no
/// command can end the definition and run at activation instead of when the alias is used. Names need no quoting
/// (<see cref="ShellAlias"/> allows a plain word only).
/// </summary>
public static class AliasDefinition
{
    /// <summary>bash, zsh, dash: <c>alias ll='ls -la'</c>; the shell appends the arguments itself.</summary>
    public static string Posix(ShellAlias alias) => $"alias {alias.Name}={ShellQuote.Posix(alias.Command)}";

    /// <summary>fish's own <c>alias</c>, which defines a function wrapping the command and passing <c>$argv</c> on.</summary>
    public static string Fish(ShellAlias alias) => $"alias {alias.Name} {ShellQuote.Fish(alias.Command)}";

    /// <summary>
    /// A global PowerShell function (Set-Alias takes no arguments), its body parsed from a quoted string so that it
    /// cannot reach out of the function, with <c>@args</c> passed on.
    /// </summary>
    public static string PowerShell(ShellAlias alias) =>
        $"Set-Item -Path Function:global:{alias.Name} -Value ([ScriptBlock]::Create({ShellQuote.PowerShell(alias.Command)} + ' @args'))";

    /// <summary>
    /// cmd's <c>doskey NAME=TEXT $*</c>. doskey reads <c>$</c> as its own escape (<c>$T</c>, <c>$G</c>, <c>$*</c>), so a
    /// literal one is <c>$$</c>; cmd reads the line first, so <c>%</c> is doubled and, outside double quotes,
    /// <c>^ &amp; | &lt; &gt; ( )</c> get a caret, as <see cref="ShellQuote.Cmd"/> does.
    /// </summary>
    public static string Doskey(ShellAlias alias)
    {
        var s = new StringBuilder("doskey ").Append(alias.Name).Append('=');
        var quoted = false;
        foreach (var c in alias.Command)
        {
            if (c == '%') s.Append('%');
            else if (c == '$') s.Append('$');
            else if (c == '"') quoted = !quoted;
            else if (!quoted && c is '^' or '&' or '|' or '<' or '>' or '(' or ')') s.Append('^');
            s.Append(c);
        }
        return s.Append(" $*").ToString();
    }
}
