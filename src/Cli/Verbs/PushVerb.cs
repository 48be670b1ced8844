using System.CommandLine;
using Env.Core.Fetching;
using Env.Core.NuGet;
using Env.Core.Projects;
using Env.Core.Sharing;
using Env.Core.Store;
using Env.Core.Tools;

namespace Env.Cli.Verbs;

/// <summary>
/// <c>dotnet env push --source SOURCE [PATH] [--api-key KEY]</c>: each archive file of the env's lock (all platforms) as a
/// content-addressed NuGet package (EnvSdk.Archive.Sha256-&lt;hex&gt; 1.0.0) pushed to a folder feed or a NuGet server, so
/// restores with EnvSubstitute take it from there.
/// </summary>
internal static class PushVerb
{
    public static Command Create()
    {
        var source = new Option<string>("--source", "-s") { Required = true, HelpName = "SOURCE", Description = "Where to push: a source named in nuget.config, a NuGet server's URL, or a folder." };
        var apiKey = new Option<string?>("--api-key", "-k") { HelpName = "KEY", Description = "The server's API key, if it wants one." };
        var path = CommonOptions.Path("The env whose lock names the archives");
        var verbosity = CommonOptions.Verbosity();
        var command = new Command("push", "Pack each archive tool file of the env's lock (all platforms) as a NuGet package named for its sha256 and push it, so EnvSubstitute restores find it there.")
        {
            source, apiKey, path, verbosity,
        };
        command.SetAction(async (result, ct) =>
        {
            var log = new ConsoleEnvLog(result.GetValue(verbosity));
            var project = EnvProjectLocator.Find(result.GetValue(path), Environment.CurrentDirectory);
            var projectDir = Path.GetDirectoryName(project)!;
            // A relative folder is the user's, from where they typed it.
            var pusher = new ArchivePackagePusher(result.GetValue(source)!, projectDir, result.GetValue(apiKey), log, Environment.CurrentDirectory);
            using var setup = new InstallerSetup(CliInstallSettings.For(projectDir), log);
            var pushed = await ArchivePush.PushAsync(project, ProjectLock.For(project, null).ReadFrom, pusher, setup.UrlFetcher(), log, ct);
            Console.WriteLine($"{pushed.Count} archive package{(pushed.Count == 1 ? "" : "s")} pushed to '{pusher.SourceName}'.");
            return 0;
        });
        return command;
    }
}
