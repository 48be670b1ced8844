namespace Env.Core.Shell;

/// <summary>
/// Which <c>EnvVar</c> names an environment may set: one policy for every shell Env.Sdk writes activation for
/// (bash, zsh and dash now; fish, PowerShell and cmd later), so an env.proj that activates in one activates
/// in all. A name is refused when any of them treats it specially: read-only (assigning aborts activation
/// half-way), tied to shell state (zsh's <c>path</c> is PATH), run as code or changing how commands are read
/// (<c>PS4</c>, <c>PROMPT_COMMAND</c>, <c>ENV</c>, <c>IFS</c>), read by the dynamic loader, or managed by
/// Env.Sdk itself. PATH is not here: it takes entries only (<see cref="PathVariable"/>). POSIX shells and loaders tell case apart; Windows does not (<c>Path</c> is PATH there), so
/// the names Windows shells use and Env.Sdk's own are compared ignoring case, the others exactly.
/// </summary>
public static class VariableNamePolicy
{
    /// <summary>Why <paramref name="name"/> is refused, or null when an environment may set it.</summary>
    public static string? Refusal(string name)
    {
        foreach (var (prefix, comparison, why) in Prefixes)
        {
            if (name.StartsWith(prefix, comparison)) return why;
        }
        if (AnyCase.TryGetValue(name, out var reason)) return reason;
        return Exact.TryGetValue(name, out reason) ? reason : null;
    }

    private const string EnvSdk = "Env.Sdk manages it";
    private const string ShellState = "a shell keeps it itself (read-only, or tied to the shell's own state), so setting it fails or breaks the shell";
    private const string Code = "a shell runs it as code or reads commands differently with it";
    private const string Session = "it describes the user's session, which an environment must not redefine";
    private const string Loader = "the dynamic loader reads it: it would load code or libraries the environment chose into every program started from the shell";

    private static readonly (string Prefix, StringComparison Comparison, string Why)[] Prefixes =
    [
        ("ENVSDK_", StringComparison.OrdinalIgnoreCase, EnvSdk),
        ("_ENVSDK_", StringComparison.OrdinalIgnoreCase, EnvSdk),
        ("BASH_", StringComparison.Ordinal, ShellState),    // BASH_ENV runs a file in every bash script; the rest is bash's state
        ("ZSH_", StringComparison.Ordinal, ShellState),
        ("fish_", StringComparison.Ordinal, ShellState),    // fish_pid is read-only; the rest is fish's configuration
        ("__fish_", StringComparison.Ordinal, ShellState),
        ("LD_", StringComparison.Ordinal, Loader),          // LD_PRELOAD, LD_AUDIT, LD_LIBRARY_PATH (glibc, musl)
        ("DYLD_", StringComparison.Ordinal, Loader),        // DYLD_INSERT_LIBRARIES, DYLD_LIBRARY_PATH (macOS)
    ];

    /// <summary>Names Windows shells give a meaning (and PATH): any spelling is the same variable there.</summary>
    private static readonly Dictionary<string, string> AnyCase = Build(StringComparer.OrdinalIgnoreCase,
        (Code, ["PATHEXT", "COMSPEC", "PROMPT", "PSModulePath"]),
        // cmd computes these when read; a variable of that name hides the computed value.
        (ShellState, ["CD", "DATE", "TIME", "RANDOM", "ERRORLEVEL", "CMDEXTVERSION", "CMDCMDLINE", "HIGHESTNUMANODENUMBER"]));

    /// <summary>Names special to bash, zsh, dash or fish, which tell case apart.</summary>
    private static readonly Dictionary<string, string> Exact = Build(StringComparer.Ordinal,
        // zsh's USERNAME and UID/EUID/GID/EGID even try to change user when assigned.
        (ShellState,
        [
            "UID", "EUID", "GID", "EGID", "PPID", "USERNAME", "SHELLOPTS", "BASHOPTS", "BASHPID", "GROUPS", "FUNCNAME", "DIRSTACK",
            "HISTCMD", "LINENO", "SRANDOM", "SECONDS", "EPOCHSECONDS", "EPOCHREALTIME", "OPTIND", "OPTARG", "OPTERR",
            "TTY", "TTYIDLE", "ERRNO", "SHLVL", "PWD", "OLDPWD", "_", "ARGC", "FISH_VERSION", "CMD_DURATION",
            "status", "pipestatus", "argv", "signals", "options", "parameters", "commands", "functions", "aliases", "builtins",
            "history", "hostname", "version", "last_pid", "umask",
            // zsh ties these lowercase arrays to the colon-separated variables: deactivation unsetting one empties both.
            "path", "cdpath", "fpath", "manpath", "mailpath", "module_path", "fignore", "psvar",
        ]),
        (Code,
        [
            "IFS", "ENV", "PS0", "PS1", "PS2", "PS3", "PS4", "PROMPT2", "PROMPT3", "PROMPT4", "RPROMPT", "RPS1", "RPS2",
            "PROMPT_COMMAND", "ZDOTDIR", "POSIXLY_CORRECT", "GLOBIGNORE", "EXECIGNORE", "CDPATH", "FPATH", "TMOUT",
            "MAIL", "MAILPATH", "MAILCHECK", "HISTFILE",
        ]),
        (Session, ["HOME", "USER", "LOGNAME", "SHELL"]));

    private static Dictionary<string, string> Build(StringComparer comparer, params (string Why, string[] Names)[] groups)
    {
        var result = new Dictionary<string, string>(comparer);
        foreach (var (why, names) in groups)
            foreach (var name in names) result[name] = why;
        return result;
    }
}
