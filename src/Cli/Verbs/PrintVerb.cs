using System.CommandLine;

namespace Env.Cli.Verbs;

/// <summary><c>dotnet env print [--json | --format F]</c>: the env as data or as text to evaluate (<c>nix print-dev-env</c>).</summary>
internal static class PrintVerb
{
    public static Command Create()
    {
        var path = CommonOptions.Path("The env to print");
        var json = new Option<bool>("--json") { Description = "Print the env as JSON: PATH entries, variables, tools with versions and store paths (same as --format json)." };
        var format = new Option<string>("--format", "-f") { HelpName = "FORMAT", Description = "sh (default), fish, pwsh, cmd: a script that activates the env when evaluated; json: the env as data; github-actions: lines to append to $GITHUB_ENV." };
        format.AcceptOnlyFromAmong(PrintFormat.Names);
        var verbosity = CommonOptions.BuildVerbosity();
        var noRestore = CommonOptions.NoRestore();
        var noBuild = CommonOptions.NoBuild();
        var command = new Command("print", "Print the env (building it first when it is not current): eval \"$(dotnet env print)\".")
        {
            path, json, format, verbosity, noRestore, noBuild,
        };
        command.SetAction(result =>
        {
            var options = new BuildOptions(result.GetValue(verbosity), result.GetValue(noRestore), result.GetValue(noBuild), []);
            var env = BuiltEnv.Ensure(result.GetValue(path), options, buildOutputToStderr: true);
            var chosen = result.GetValue(json) ? "json" : result.GetValue(format) ?? "sh";
            var text = PrintFormat.Render(chosen, env);
            using var stdout = Console.OpenStandardOutput();
            stdout.Write(System.Text.Encoding.UTF8.GetBytes(text));
            return 0;
        });
        return command;
    }
}
