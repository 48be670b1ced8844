using System.CommandLine;
using Env.Core.Shell;

namespace Env.Cli.Verbs;

/// <summary>
/// <c>dotnet env shell [PATH] [--shell NAME]</c>: the user's shell inside the env; <c>exit</c> leaves it.
/// <c>dotnet env shell [PATH] -- CMD ARGS</c>: one command in the env, its exit code returned.
/// </summary>
internal static class ShellVerb
{
    /// <summary>What followed <c>--</c> on the command line (Program splits it off before parsing).</summary>
    public static string[] Command { get; set; } = [];

    public static Command Create()
    {
        var path = CommonOptions.Path();
        var shell = new Option<string?>("--shell", "-s") { Description = "The shell to start: bash, zsh, fish, pwsh, cmd, or a path. Default: $SHELL (Windows: %ComSpec%)." };
        var verbosity = CommonOptions.Verbosity();
        var noRestore = CommonOptions.NoRestore();
        var noBuild = CommonOptions.NoBuild();
        var offline = CommonOptions.Offline();
        var command = new Command("shell", "Start a shell in the env (exit to leave it), or with '-- CMD ARGS' run one command in it and return its exit code. Builds the env first when it is not current.")
        {
            path, shell, verbosity, noRestore, noBuild, offline,
        };
        command.SetAction(result =>
        {
            var options = new BuildOptions(result.GetValue(verbosity), result.GetValue(noRestore), result.GetValue(noBuild), []) { Offline = result.GetValue(offline) };
            var env = BuiltEnv.Ensure(result.GetValue(path), options, buildOutputToStderr: true);
            if (Command.Length > 0)
                return ProgramRunner.Run(Command[0], Command[1..], ActivatedEnvironment.Apply(env.Manifest, ActivatedEnvironment.Current()));
            return ShellLauncher.Start(env, ShellLauncher.Choose(result.GetValue(shell)));
        });
        return command;
    }
}
