using System.CommandLine;
using Env.Core.Diagnostics;
using Env.Core.Nix;
using Env.Core.Platforms;
using Env.Core.Projects;
using Env.Core.Run;
using Env.Core.Shell;
using Env.Core.Store;

namespace Env.Cli.Verbs;

/// <summary>
/// <c>dotnet env run [OPTIONS] REF [ARGS...]</c>: a pinned tool run once, nothing installed and nothing to uninstall (as
/// <c>nix run</c>). REF is <c>PACKAGE[@VERSION][#COMMAND]</c> from the feeds of the current folder's nuget.config, a
/// command of the env here (a bare name), or, with <c>--url URL --hash HASH</c>, an archive. The first run resolves and
/// records it in the run lock; later runs start the same bytes without asking anyone (<see cref="RunFastPath"/>).
/// </summary>
internal static class RunVerb
{
    /// <summary>The tool's arguments (Program splits them off before parsing).</summary>
    public static string[] ToolArguments { get; set; } = [];

    public static Command Create()
    {
        var reference = new Argument<string?>("REF")
        {
            Description = "PACKAGE[@VERSION][#COMMAND] (e.g. csharpier@1.3.0, Google.Protobuf.Tools@3.36.1#protoc), or a command of the env here. Everything after it is the tool's.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var url = new Option<string?>("--url") { HelpName = "URL", Description = "Run a program from an archive (or a bare program) at this URL instead of a package; needs --hash." };
        var hash = new Option<string?>("--hash") { HelpName = "HASH", Description = "The archive's hash (sha256-…, as env.proj's Hash): what makes --url a pin." };
        var bin = new Option<string?>("--bin") { HelpName = "PATH", Description = "The path of the program inside the archive or package, when it has several or none is a command." };
        var refresh = new Option<bool>("--refresh") { Description = "Resolve afresh (a version-less package: the newest stable one now) and record that in the run lock." };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Say nothing of downloads; only the tool writes." };
        var verbosity = CommonOptions.Verbosity();
        var offline = CommonOptions.Offline("take the tool");
        var command = new Command("run", "Run a pinned tool without installing it: a NuGet tool or package (PACKAGE[@VERSION][#COMMAND]), an archive (--url --hash), or the env's own command.")
        {
            reference, url, hash, bin, refresh, quiet, verbosity, offline,
        };
        command.SetAction(result =>
        {
            var log = new ConsoleEnvLog(result.GetValue(quiet) ? "quiet" : result.GetValue(verbosity));
            var text = result.GetValue(reference);
            var urlText = result.GetValue(url);
            if (urlText is null && text is null)
                throw new EnvException(EnvCode.ENV0756, "Say what to run: dotnet env run PACKAGE[@VERSION][#COMMAND] [ARGS], or dotnet env run --url URL --hash HASH [ARGS].");
            if (urlText is not null && text is not null)
                throw new EnvException(EnvCode.ENV0756, $"Give either a package ('{PrintableText.Of(text)}') or --url, not both. Everything after the package is the tool's: put options before it.");
            if (urlText is null && (result.GetValue(hash) is not null))
                throw new EnvException(EnvCode.ENV0756, "--hash pins an archive given with --url; a package is pinned by its version (PACKAGE@VERSION).");

            if (text is not null && !RunReference.LooksLikeReference(text) && EnvCommand(text) is { } envRun)
                return envRun();

            var settings = CliInstallSettings.For(Environment.CurrentDirectory, result.GetValue(offline));
            string key;
            RunReference? parsed = null;
            ContentHash pin = default;
            if (urlText is not null)
            {
                var hashText = result.GetValue(hash)
                    ?? throw new EnvException(EnvCode.ENV0757, $"--url needs --hash: a run is pinned like an env's tool. Get the hash with 'dotnet env add NAME@VERSION --url {Env.Core.Fetching.UrlRedaction.Redact(urlText)}' in an env, or from the publisher, and pass it as --hash sha256-….");
                if (!ContentHash.TryParse(hashText, out pin, out var why))
                    throw new EnvException(EnvCode.ENV0757, $"--hash '{PrintableText.Of(hashText)}' is not a hash: {why}. Write it as env.proj's Hash: sha256-<base64>, or sha256:<hex>.");
                key = $"url:{urlText}#{pin.ToSri()}{(result.GetValue(bin) is { } b ? "#" + b : "")}";
            }
            else
            {
                parsed = RunReference.Parse(text!);
                key = parsed.Key + (result.GetValue(bin) is { } b ? "#bin=" + b : "");
            }

            var lockPath = UserFolders.RunLock;
            var locked = result.GetValue(refresh) ? null : RunLock.Load(lockPath).Find(key, settings.Rid);
            using var resolver = new RunResolver(settings, log);
            RunLockEntry entry;
            // Ctrl+C while fetching or unpacking stops there: the partial download and the staging are removed on the
            // way out, and nothing is recorded. Once the tool starts (execve), Ctrl+C is the tool's.
            var ct = CtrlC.Token();
            try
            {
                if (locked is not null)
                {
                    entry = resolver.EnsureAsync(locked, ct).GetAwaiter().GetResult();
                }
                else
                {
                    entry = parsed is not null
                        ? resolver.ResolvePackageAsync(parsed, result.GetValue(bin), ct).GetAwaiter().GetResult()
                        : resolver.ResolveUrlAsync(urlText!, pin, result.GetValue(bin), Environment.CurrentDirectory, ct).GetAwaiter().GetResult();
                    RunLock.Record(lockPath, key, entry);
                }
            }
            catch (OperationCanceledException e) when (ct.IsCancellationRequested)
            {
                throw new EnvException(EnvCode.ENV0770,
                    $"Stopped (Ctrl+C) before {PrintableText.Of(text ?? Env.Core.Fetching.UrlRedaction.Redact(urlText!))} started: nothing was recorded in {lockPath}, and the partial download and unpacking were removed. Run it again to start afresh.",
                    lockPath, e);
            }
            // Held by this pid, which the tool keeps across execve: a concurrent gc leaves its entries while it runs.
            ProcessRoots.Hold(resolver.Layout, entry.StoreEntries());
            return ToolLauncher.Start(resolver.Layout, entry.Command, ToolArguments);
        });
        return command;
    }

    /// <summary>
    /// A bare name that is a command of the env here (nearest env.proj upward): run in that env, as <c>shell -- NAME</c>.
    /// Only an env this machine built counts (its allow record, as for the prompt hook): a checkout's own
    /// <c>.envsdk/</c> decides nothing, and an env never built here is not built unasked (building a repository's
    /// env.proj runs its code; ENV0762 says so). An allowed env that is stale is built again, saying so on stderr.
    /// </summary>
    private static Func<int>? EnvCommand(string name)
    {
        if (EnvProjectLocator.TryFind(Environment.CurrentDirectory) is not { } project) return null;
        var recorded = BuiltEnv.Recorded(project);
        if (recorded is null)
        {
            // The checkout's env.json is no proof of anything, but one that does not list the name says the user meant a package.
            var checkout = TryLoadQuietly(Path.Combine(Path.GetDirectoryName(project)!, DevShell.FolderName, ShellFolder.EnvJson));
            if (checkout is not null && !checkout.Tools.Any(t => t.Commands.Contains(name, StringComparer.Ordinal))) return null;
            throw new EnvException(EnvCode.ENV0762,
                $"'dotnet env run {PrintableText.Of(name)}' would run a command of the env {project}, which was not built on this machine; building it runs the repository's code (its env.proj), so run does not do it unasked. Run 'dotnet env build' there first (that allows the env), or give a version to run the package of that name: dotnet env run {PrintableText.Of(name)}@VERSION.",
                project);
        }
        if (!recorded.Tools.Any(t => t.Commands.Contains(name, StringComparer.Ordinal))) return null;
        return () =>
        {
            var env = BuiltEnv.EnsureProject(project, new BuildOptions(null, false, false, []), buildOutputToStderr: true);
            // The store entry the record names, never the checkout's profile link.
            var program = Path.Combine(env.Manifest.Profile, "bin", name);
            if (!File.Exists(program))
            {
                throw new EnvException(EnvCode.ENV0758,
                    $"'{PrintableText.Of(name)}' is not a command of the env {project} (its commands: {string.Join(", ", env.Manifest.Tools.SelectMany(t => t.Commands))}). To run a package of that name instead, give its version: dotnet env run {name}@VERSION.",
                    project);
            }
            return ProgramRunner.Run(program, ToolArguments, ActivatedEnvironment.Apply(env.Manifest, ActivatedEnvironment.Current()));
        };
    }

    private static EnvManifest? TryLoadQuietly(string path)
    {
        try
        {
            return EnvManifest.TryLoad(path);
        }
        catch (EnvException)
        {
            return null;
        }
    }
}
