using System.CommandLine;
using Env.Core.Diagnostics;
using Env.Core.Run;
using Env.Core.Shell;

namespace Env.Cli.Verbs;

/// <summary>
/// <c>dotnet env shell [PATH] [--shell NAME]</c>: the user's shell inside the env; <c>exit</c> leaves it.
/// <c>dotnet env shell [PATH] -- CMD ARGS</c>: one command in the env, its exit code returned.
/// <c>dotnet env shell TOOL… [-- CMD ARGS]</c>: those tools on PATH and nothing else (<see cref="AdHocShell"/>).
/// </summary>
internal static class ShellVerb
{
    /// <summary>What followed <c>--</c> on the command line (Program splits it off before parsing).</summary>
    public static string[] Command { get; set; } = [];

    public static Command Create()
    {
        var path = new Argument<string[]>("PATH | TOOL")
        {
            Description = "An env.proj or a folder to search from upward (default: the current folder); or tools, PACKAGE[@VERSION][#COMMAND] as for 'run', for a shell with just those tools on PATH.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var shell = new Option<string?>("--shell", "-s") { HelpName = "SHELL", Description = "The shell to start: bash, zsh, fish, pwsh, cmd, or a path. Default: $SHELL (Windows: %ComSpec%)." };
        var verbosity = CommonOptions.BuildVerbosity();
        var noRestore = CommonOptions.NoRestore();
        var noBuild = CommonOptions.NoBuild();
        var offline = CommonOptions.BuildOffline();
        var command = new Command("shell", "Start a shell in the env (exit to leave it), or with '-- CMD ARGS' run one command in it and return its exit code. Builds the env first when it is not current.")
        {
            path, shell, verbosity, noRestore, noBuild, offline,
        };
        command.SetAction(result =>
        {
            var targets = result.GetValue(path) ?? [];
            // An existing file or folder is an env; anything else is a tool (as nix shell reads installables).
            var tools = targets.Where(t => RunReference.LooksLikeReference(t) || !(File.Exists(t) || Directory.Exists(t))).ToList();
            var envs = targets.Except(tools).ToList();
            if (tools.Count > 0)
            {
                if (envs.Count > 0)
                    throw new EnvException(EnvCode.ENV0760, $"Give either an env ({envs[0]}) or tools ({string.Join(", ", tools)}) to 'dotnet env shell', not both: an env's tools are in its env.proj ('dotnet env add').");
                return AdHocShell.Start(tools, ShellLauncher.Choose(result.GetValue(shell)), Command, result.GetValue(verbosity), result.GetValue(offline));
            }
            if (envs.Count > 1)
                throw new EnvException(EnvCode.ENV0760, $"'dotnet env shell' enters one env; {envs.Count} were given ({string.Join(", ", envs)}).");
            var options = new BuildOptions(result.GetValue(verbosity), result.GetValue(noRestore), result.GetValue(noBuild), []) { Offline = result.GetValue(offline) };
            var env = BuiltEnv.Ensure(envs.SingleOrDefault(), options, buildOutputToStderr: true);
            if (Command.Length > 0)
                return ProgramRunner.Run(Command[0], Command[1..], ActivatedEnvironment.Apply(env.Manifest, ActivatedEnvironment.Current()));
            return ShellLauncher.Start(env, ShellLauncher.Choose(result.GetValue(shell)));
        });
        return command;
    }
}
