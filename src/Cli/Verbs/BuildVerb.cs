using System.CommandLine;
using Env.Core.Projects;

namespace Env.Cli.Verbs;

/// <summary><c>dotnet env build [PATH] [MSBuild arguments]</c>: <c>dotnet build</c> of the nearest env.proj.</summary>
internal static class BuildVerb
{
    public static Command Create(string[] rawArgs)
    {
        var command = new Command("build", "Build the nearest env.proj (this folder, then upward; or PATH) with 'dotnet build', passing every other argument to it.")
        {
            new Argument<string[]>("ARGS") { Description = "[PATH] then any 'dotnet build' arguments (-c, -p:Name=Value, -v, --no-restore, -t:EnvUpdate…); --offline restores only from the store and the download cache (-p:EnvOffline=true).", Arity = ArgumentArity.ZeroOrMore },
        };
        command.TreatUnmatchedTokensAsErrors = false;
        // The arguments go to dotnet build as typed, in their order: System.CommandLine would regroup them.
        command.SetAction(_ => Run(rawArgs.Skip(1).ToList()));
        return command;
    }

    private static int Run(IReadOnlyList<string> args)
    {
        string? path = null;
        var rest = args;
        // A first argument that is a file or folder names the env; anything else is MSBuild's.
        if (args.Count > 0 && !args[0].StartsWith('-') && (File.Exists(args[0]) || Directory.Exists(args[0])))
        {
            path = args[0];
            rest = args.Skip(1).ToList();
        }
        // dotnet build has no --offline: it becomes the property the restore reads.
        rest = rest.Select(a => a == "--offline" ? BuildOptions.OfflineProperty : a).ToList();
        var project = EnvProjectLocator.Find(path, Environment.CurrentDirectory);
        return DotnetBuild.Run(project, rest, toStderr: false);
    }
}
