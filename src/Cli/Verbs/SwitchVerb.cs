using System.CommandLine;
using Env.Core.Diagnostics;
using Env.Core.Git;
using Env.Core.Home;
using Env.Core.Store;

namespace Env.Cli.Verbs;

/// <summary>
/// <c>dotnet env switch [PATH] [--config NAME] [-b EXT]</c>: build the home configuration (when not current) and switch the
/// home to it, as <c>home-manager switch</c>. <c>--generation N</c> goes to a kept generation; <c>--from URL[#CONFIG] --rev
/// COMMIT</c> builds a configuration straight from a git repository at a commit.
/// </summary>
internal static class SwitchVerb
{
    public static Command Create()
    {
        var path = CommonOptions.Path("The home repository");
        var config = ConfigOption();
        var backup = BackupOption();
        var generation = new Option<int?>("--generation") { HelpName = "N", Description = "Switch to kept generation N ('dotnet env generations' lists them) instead of building." };
        var from = new Option<string?>("--from") { HelpName = "GIT_URL[#CONFIG]", Description = "Build the configuration from this git repository (a shallow fetch into the cache) instead of a local folder." };
        var rev = new Option<string?>("--rev") { HelpName = "COMMIT", Description = "With --from: the commit to build (its hash, or its first digits as 'dotnet env generations' prints them), or a branch or tag. Default: the default branch." };
        var dryRun = DryRunOption();
        var verbosity = CommonOptions.BuildVerbosity();
        var noRestore = CommonOptions.NoRestore();
        var noBuild = CommonOptions.NoBuild();
        var offline = CommonOptions.BuildOffline();
        var command = new Command("switch", "Build the home configuration and switch your home to it: links its files, records a new generation, makes its tools and variables the session's. Stops before changing anything when a file of yours is in the way (-b EXT moves such files aside).")
        {
            path, config, backup, generation, from, rev, dryRun, verbosity, noRestore, noBuild, offline,
        };
        command.SetAction(result =>
        {
            var log = new ConsoleEnvLog(result.GetValue(verbosity));
            var switcher = UserHome.Switcher(log);
            var options = new BuildOptions(result.GetValue(verbosity), result.GetValue(noRestore), result.GetValue(noBuild), []) { Offline = result.GetValue(offline) };
            var backupExtension = result.GetValue(backup);
            if (result.GetValue(generation) is { } n)
            {
                if (result.GetValue(from) is not null || result.GetValue(path) is not null || result.GetValue(config) is not null)
                    throw new EnvException(EnvCode.ENV0709, "--generation switches to a kept generation; it takes no PATH, --config or --from.", null);
                var r = switcher.SwitchToGeneration(n, new HomeSwitchOptions(backupExtension, DryRun: result.GetValue(dryRun), Cancellation: CtrlC.Token()));
                SwitchReport.Print(r, null);
                return 0;
            }
            var projectPath = result.GetValue(path);
            var configuration = result.GetValue(config);
            string? url = null, commit = null;
            if (result.GetValue(from) is { } source)
            {
                if (options.Offline) throw new EnvException(EnvCode.ENV0742, "--from fetches a git repository, and --offline fetches nothing. Switch from a local checkout offline, or drop --offline.", null);
                if (projectPath is not null) throw new EnvException(EnvCode.ENV0709, "--from builds the repository it fetches; it takes no PATH.", null);
                var hash = source.LastIndexOf('#');
                url = hash > 0 ? source[..hash] : source;
                // A local repository is recorded (and cached) by its full path: '../home' names another one from elsewhere.
                if (!url.Contains("://", StringComparison.Ordinal) && Directory.Exists(url)) url = Path.GetFullPath(url);
                if (hash > 0) configuration ??= source[(hash + 1)..];
                (projectPath, commit) = GitCheckoutCache.Fetch(UserFolders.Cache, url, result.GetValue(rev), log);
            }
            else if (result.GetValue(rev) is not null)
            {
                throw new EnvException(EnvCode.ENV0709, "--rev goes with --from GIT_URL.", null);
            }
            var home = BuiltHome.Ensure(projectPath, configuration, options);
            // The source is looked up only for a new generation: a switch that changes nothing runs no git.
            GenerationSource? Source()
            {
                if (url is not null) return new GenerationSource(home.ProjectFile, Env.Core.Fetching.UrlRedaction.Redact(url), commit);
                var revision = GitRevision.Of(Path.GetDirectoryName(home.ProjectFile)!);
                return new GenerationSource(home.ProjectFile, null, revision?.Commit, revision?.Dirty ?? false);
            }
            var current = switcher.Current();
            var switched = switcher.Switch(home.Generation, new HomeSwitchOptions(backupExtension, current?.Entry == home.Generation.Path ? null : Source(), result.GetValue(dryRun), CtrlC.Token()));
            SwitchReport.Print(switched, home.Generation.Manifest.Configuration);
            return 0;
        });
        return command;
    }

    /// <summary>-c is the home configuration wherever dotnet env takes one (switch, build), never MSBuild's Configuration.</summary>
    public static Option<string?> ConfigOption() => new("--config", "-c")
    {
        HelpName = "NAME",
        Description = "The home configuration, homes/NAME.props. Default: USER@HOST if that file exists, else USER (USER is $USER, else $LOGNAME, else the account name; HOST the short host name).",
    };

    public static Option<string?> BackupOption() => new("--backup-extension", "-b")
    {
        HelpName = "EXT",
        Description = "Move each file of yours that is in the way to PATH.EXT first, instead of stopping (never over an existing PATH.EXT).",
    };

    public static Option<bool> DryRunOption() => new("--dry-run", "-n") { Description = "Show what would change; change nothing." };
}
