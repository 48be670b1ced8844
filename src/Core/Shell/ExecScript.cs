using Env.Core.Profiles;

namespace Env.Core.Shell;

/// <summary>
/// <c>.envsdk/exec</c> (POSIX sh) and <c>.envsdk/exec.cmd</c>: run one command inside the env, <c>.envsdk/exec CMD ARGS</c>,
/// as <c>direnv exec</c> does. What <c>dotnet run</c> of a project that uses the env starts (its <c>RunCommand</c> is
/// wrapped), so the app sees the env's PATH and variables without the user activating a shell. It sources the env's
/// own activate script, the one tested in every shell, so there is one definition of what activation does; ShellHooks
/// do not run (they are for interactive shells). On Unix it ends in <c>exec</c>: the command replaces the script, so
/// signals and the exit code are the command's own.
/// </summary>
public static class ExecScript
{
    public const string FileName = "exec";
    public const string CmdFileName = "exec.cmd";

    /// <summary>Both files open with this line (ShellFolder's proof they are ours); sh reads the shebang after it.</summary>
    public const string Marker = "#!/bin/sh\n" + ShellFolder.ActivateMarker;

    public const string CmdMarker = CmdActivateScript.Marker;

    /// <param name="activatePath">The shell folder's <c>activate</c>, absolute.</param>
    public static string Posix(string activatePath) =>
        Marker + ": runs a command in the env. Usage: exec CMD [ARGS...]\n" +
        $". {ShellQuote.Posix(activatePath)} || exit 1\n" +
        "exec \"$@\"\n";

    /// <summary>cmd's form: <c>call</c> activate.cmd beside it, then the command line as given, its exit code passed on.</summary>
    public static string Cmd() =>
        (CmdMarker + ": runs a command in the env. Usage: exec.cmd CMD [ARGS...]\n" +
        "@call \"%~dp0activate.cmd\" || exit /b 1\n" +
        "@%*\n" +
        "@exit /b %ERRORLEVEL%\n").ReplaceLineEndings("\r\n");
}
