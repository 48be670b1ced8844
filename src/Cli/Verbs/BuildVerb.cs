using System.CommandLine;
using Env.Core.Projects;

namespace Env.Cli.Verbs;

/// <summary>
/// <c>dotnet env build [PATH] [-c NAME] [MSBuild arguments]</c>: <c>dotnet build</c> of the nearest env.proj. <c>-c</c> is the
/// home configuration here as in <c>switch</c> (<c>-p:HomeConfiguration=NAME</c>), not dotnet build's <c>--configuration</c>:
/// an env compiles nothing, so Debug and Release mean nothing to it, while a home repository's users choose a
/// configuration often. <c>--configuration</c> spelt out still goes to dotnet build.
/// </summary>
internal static class BuildVerb
{
    public static Command Create(string[] rawArgs)
    {
        var command = new Command("build", "Build the nearest env.proj (this folder, then upward; or PATH) with 'dotnet build', passing every other argument to it.")
        {
            new Argument<string[]>("ARGS") { Description = "[PATH] then any 'dotnet build' arguments (-p:Name=Value, -v LEVEL, --no-restore, -t:EnvUpdate…), and two of its own: -c NAME (--config NAME) builds the home configuration homes/NAME.props, as 'switch -c' does (-p:HomeConfiguration=NAME); --offline restores only from the store and the download cache (-p:EnvOffline=true).", Arity = ArgumentArity.ZeroOrMore },
        };
        command.TreatUnmatchedTokensAsErrors = false;
        // The arguments go to dotnet build as typed, in their order: System.CommandLine would regroup them.
        command.SetAction(_ => Run(rawArgs.Skip(1).ToList()));
        return command;
    }

    /// <param name="targets">Targets to run first (<c>dotnet env image</c>'s <c>-t:PublishContainer</c>), before the user's arguments.</param>
    internal static int Run(IReadOnlyList<string> args, IReadOnlyList<string>? targets = null)
    {
        string? path = null;
        var rest = args;
        // A first argument that is a file or folder names the env; anything else is MSBuild's.
        if (args.Count > 0 && !args[0].StartsWith('-') && (File.Exists(args[0]) || Directory.Exists(args[0])))
        {
            path = args[0];
            rest = args.Skip(1).ToList();
        }
        var project = EnvProjectLocator.Find(path, Environment.CurrentDirectory);
        return DotnetBuild.Run(project, [.. targets ?? [], .. OwnArguments(rest)], toStderr: false);
    }

    /// <summary>
    /// This command's own arguments as the properties they stand for: dotnet build has no --offline, and its -c would be
    /// the Configuration, which an env does not use (see the class comment). A -c with nothing after it is left for
    /// dotnet build to report.
    /// </summary>
    private static List<string> OwnArguments(IReadOnlyList<string> args)
    {
        var result = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a == "--offline") result.Add(BuildOptions.OfflineProperty);
            else if (a is "-c" or "--config" && i + 1 < args.Count) result.Add(HomeConfigurationProperty(args[++i]));
            else if (a.StartsWith("--config=", StringComparison.Ordinal)) result.Add(HomeConfigurationProperty(a["--config=".Length..]));
            else if (a.StartsWith("-c:", StringComparison.Ordinal)) result.Add(HomeConfigurationProperty(a["-c:".Length..]));
            else result.Add(a);
        }
        return result;
    }

    private static string HomeConfigurationProperty(string name) => "-p:HomeConfiguration=" + name;
}
