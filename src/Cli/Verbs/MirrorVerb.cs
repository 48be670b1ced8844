using System.CommandLine;
using Env.Core.Fetching;
using Env.Core.Projects;
using Env.Core.Sharing;
using Env.Core.Store;
using Env.Core.Tools;

namespace Env.Cli.Verbs;

/// <summary>
/// <c>dotnet env mirror export DIR [PATH]</c>: every archive file an env's lock uses (all platforms) written to
/// <c>DIR/sha256/&lt;hex&gt;</c>, the layout of a hashed mirror (EnvMirror, ENVSDK_MIRRORS), from the download cache or
/// fetched into it first.
/// </summary>
internal static class MirrorVerb
{
    public static Command Create()
    {
        var dir = new Argument<string>("DIR") { Description = "The mirror's folder: files go to DIR/sha256/<hex>. Serve it with any static HTTP server, or use it as file:///…/DIR." };
        var path = CommonOptions.Path("The env whose lock names the archives");
        var verbosity = CommonOptions.Verbosity();
        var export = new Command("export", "Write every archive file the env's lock uses (all platforms) into DIR/sha256/<hex>, fetching what the download cache lacks.")
        {
            dir, path, verbosity,
        };
        export.SetAction(async (result, ct) =>
        {
            var log = new ConsoleEnvLog(result.GetValue(verbosity));
            var project = EnvProjectLocator.Find(result.GetValue(path), Environment.CurrentDirectory);
            var projectDir = Path.GetDirectoryName(project)!;
            using var setup = new InstallerSetup(CliInstallSettings.For(projectDir), log);
            var fetcher = setup.UrlFetcher();
            var target = result.GetValue(dir)!;
            var done = await MirrorExport.ExportAsync(project, ProjectLock.For(project, null).ReadFrom, target, fetcher, log, ct);
            Console.WriteLine($"{Path.GetFullPath(target)}: {done.Written.Count} written, {done.Present.Count} already there" +
                              (done.Skipped.Count > 0 ? $", {done.Skipped.Count} skipped (not sha256)" : "") + ".");
            return 0;
        });
        return new Command("mirror", "Hashed mirrors of archive tools (files by sha256, as Nix's hashed mirrors).") { export };
    }
}
