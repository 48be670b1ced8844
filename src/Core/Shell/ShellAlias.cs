using System.Text;
using System.Text.RegularExpressions;
using Env.Core.Diagnostics;

namespace Env.Core.Shell;

/// <summary>
/// A <c>ShellAlias</c> item: a short name for a command line in every shell Env.Sdk activates (POSIX <c>alias</c>,
/// fish <c>alias</c>, a PowerShell function passing <c>@args</c> on, cmd's <c>doskey</c> with <c>$*</c>). The name is
/// a plain word, so that every shell takes it as written and the scripts need not quote it; the command is one line
/// of the user's shell text, bounded.
/// </summary>
public sealed partial record ShellAlias(string Name, string Command)
{
    /// <summary>An alias is a command line, not a script: longer text belongs in a script of the env.</summary>
    public const int MaxCommandBytes = 4096;

    public const int MaxNameLength = 64;

    public static ShellAlias Create(string name, string command, string? projectFile)
    {
        if (name.Length > MaxNameLength || !NamePattern().IsMatch(name))
        {
            throw new EnvException(EnvCode.ENV0029,
                $"ShellAlias '{PrintableText.Of(name)}' is not a simple word: use letters, digits, '-', '_' and '.', not starting with '-' or '.', at most {MaxNameLength}.",
                projectFile);
        }
        if (Reserved.Contains(name) || name.StartsWith("envsdk", StringComparison.OrdinalIgnoreCase) || name.StartsWith("_envsdk", StringComparison.OrdinalIgnoreCase))
        {
            throw new EnvException(EnvCode.ENV0029,
                $"ShellAlias '{name}' is a name a shell reserves (a keyword or builtin, or Env.Sdk's own envsdk_*): an alias of it would change how the activate scripts and your shell read commands. Rename the alias.",
                projectFile);
        }
        if (command.Trim().Length == 0)
            throw new EnvException(EnvCode.ENV0032, $"ShellAlias '{name}' has no Command: write the command line it stands for, or remove the item.", projectFile);
        if (command.IndexOfAny(['\0', '\n', '\r', '\v', '\f', '\u0085', '\u2028', '\u2029']) >= 0)
            throw new EnvException(EnvCode.ENV0032, $"ShellAlias '{name}' Command holds a NUL or a line break; an alias is one command line. Put several lines in a script and alias that.", projectFile);
        if (Encoding.UTF8.GetByteCount(command) > MaxCommandBytes)
            throw new EnvException(EnvCode.ENV0032, $"ShellAlias '{name}' Command is over {MaxCommandBytes} bytes. Put it in a script and alias that.", projectFile);
        return new ShellAlias(name, command);
    }

    /// <summary>
    /// Keywords and builtins of bash, zsh, dash, fish, PowerShell and cmd that an alias would shadow where the activate
    /// scripts or the user's shell rely on them (deactivation runs <c>unalias</c>, <c>unset</c>, <c>functions</c>…), any case:
    /// cmd and PowerShell do not tell case apart.
    /// </summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        // POSIX shells' reserved words and the special builtins and those activation uses.
        "if", "then", "else", "elif", "fi", "case", "esac", "for", "while", "until", "do", "done", "in", "function", "select", "time",
        "alias", "unalias", "unset", "export", "readonly", "local", "set", "eval", "exec", "exit", "return", "break", "continue", "shift",
        "trap", "source", "command", "builtin", "type", "hash", "cd", "test", "true", "false", "typeset", "declare", "let", "wait", "printf", "echo",
        // fish's keywords and the builtins its scripts use.
        "and", "or", "not", "begin", "end", "switch", "functions", "contains", "string", "status", "emit",
        // PowerShell's keywords.
        "foreach", "param", "filter", "workflow", "class", "enum", "throw", "try", "catch", "finally", "data", "dynamicparam",
        // cmd's internal commands activate.cmd runs.
        "call", "setlocal", "endlocal", "goto", "rem", "chcp", "doskey", "pushd", "popd",
    };

    // \A and \z: '^' and '$' would accept a name ending in a newline.
    [GeneratedRegex(@"\A[A-Za-z0-9_][A-Za-z0-9_.\-]*\z")]
    private static partial Regex NamePattern();
}
