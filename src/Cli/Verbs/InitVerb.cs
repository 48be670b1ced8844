using System.CommandLine;
using System.Reflection;
using Env.Core.Adoption;
using Env.Core.Diagnostics;
using Env.Core.Tools;

namespace Env.Cli.Verbs;

/// <summary>
/// <c>dotnet env init [ROOT] [--source FEED] [--dry-run]</c>: moves a repository to Env.Sdk in one command. Imports its
/// tool manifest into env/env.proj (the recommended layout), pins Env.Sdk in global.json, adds the feed to nuget.config
/// when given, .gitignore lines, Directory.Solution.targets so the root's solutions prepare the env; then builds the
/// env (the lock written). It only adds; a refusal or a failed build leaves the repository as it was; run twice, the second changes nothing.
/// </summary>
internal static class InitVerb
{
    public static Command Create()
    {
        var root = new Argument<string?>("ROOT") { Description = "The repository's root folder (where its solution, global.json and nuget.config are). Default: the current folder.", Arity = ArgumentArity.ZeroOrOne };
        var source = new Option<string?>("--source") { HelpName = "FEED", Description = "A package source (URL or folder) that serves Env.Sdk, added to nuget.config (and mapped to Env.Sdk when the repository uses package source mapping). Needed when the repository's sources do not have it." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what would change; change nothing." };
        var verbosity = CommonOptions.BuildVerbosity();
        var command = new Command("init", "Move this repository to Env.Sdk: env/env.proj from .config/dotnet-tools.json, the Env.Sdk pin in global.json, the solutions' hook; then build it.")
        {
            root, source, dryRun, verbosity,
        };
        command.SetAction(async (result, ct) =>
        {
            var version = SdkVersion();
            var plan = AdoptionPlan.Make(result.GetValue(root) ?? Environment.CurrentDirectory, version, result.GetValue(source));
            var log = new ConsoleEnvLog(result.GetValue(verbosity));
            if (result.GetValue(source) is { } feed) CheckFeedHasSdk(plan, feed);
            else await CheckSdkIsServedAsync(plan, log, ct);

            var dry = result.GetValue(dryRun);
            Describe(plan, dry);
            if (dry) return 0;
            var lockFile = Path.Combine(Path.GetDirectoryName(plan.EnvProject)!, "env.lock.json");
            if (plan.ChangesNothing && File.Exists(lockFile))
            {
                Console.WriteLine("dotnet env init: nothing to change; the repository uses Env.Sdk already.");
                return 0;
            }

            plan.Write();
            var options = new BuildOptions(result.GetValue(verbosity), NoRestore: false, NoBuild: false, []);
            var code = DotnetBuild.Run(plan.EnvProject, options.MSBuildArguments(), toStderr: false);
            if (code != 0)
            {
                plan.Undo();
                throw new EnvException(EnvCode.ENV0793,
                    $"The first build of {plan.EnvProject} failed (its errors are above), so every file dotnet env init wrote was put back as it was. Fix what the errors name (a tool's version, a feed), then run dotnet env init again.",
                    plan.EnvProject);
            }
            NextSteps(plan);
            return 0;
        });
        return command;
    }

    /// <summary>The Env.Sdk this dotnet-env was packed with: the same version.</summary>
    private static string SdkVersion() =>
        (typeof(InitVerb).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    /// <summary>Refuses, before anything is written, when the repository's own package sources cannot give the SDK the env needs.</summary>
    private static async Task CheckSdkIsServedAsync(AdoptionPlan plan, ConsoleEnvLog log, CancellationToken ct)
    {
        using var setup = new InstallerSetup(CliInstallSettings.For(plan.Root), log);
        try
        {
            await setup.NuGet().ResolveAsync(GlobalJsonPin.SdkName, plan.PinnedVersion, ct);
        }
        catch (EnvException e) when (e.Code is EnvCode.ENV0403 or EnvCode.ENV0404 or EnvCode.ENV0460)
        {
            throw new EnvException(EnvCode.ENV0792,
                $"Env.Sdk {plan.PinnedVersion} is not on the package sources {plan.Root} uses ({e.Message}). Pass the feed that serves it (the one dotnet-env was installed from): dotnet env init --source FEED. Nothing was changed.",
                plan.Root);
        }
    }

    /// <summary>
    /// A folder given as <c>--source</c> must hold the SDK (flat, as <c>dotnet pack -o</c> writes it, or in NuGet's
    /// id/version layout), checked before anything is written; a URL is asked by the first build, undone when it fails.
    /// </summary>
    private static void CheckFeedHasSdk(AdoptionPlan plan, string feed)
    {
        if (Uri.TryCreate(feed, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https") return;
        var folder = Path.GetFullPath(feed);
        var name = $"{GlobalJsonPin.SdkName}.{plan.PinnedVersion}.nupkg";
        var found = Directory.Exists(folder) && (Directory.EnumerateFiles(folder).Any(f => string.Equals(Path.GetFileName(f), name, StringComparison.OrdinalIgnoreCase))
            || File.Exists(Path.Combine(folder, GlobalJsonPin.SdkName.ToLowerInvariant(), plan.PinnedVersion.ToLowerInvariant(), name.ToLowerInvariant())));
        if (!found)
        {
            throw new EnvException(EnvCode.ENV0792,
                $"{folder} holds no {name}, so it cannot serve the Env.Sdk {plan.PinnedVersion} the env needs. Pass the folder dotnet-env was installed from (dotnet pack -c Release writes artifacts/packages/), or a feed URL that has it. Nothing was changed.",
                folder);
        }
    }

    private static void Describe(AdoptionPlan plan, bool dry)
    {
        var verb = dry ? "would" : "will";
        if (plan.EnvExists) Console.WriteLine($"dotnet env init: the env is {Relative(plan, plan.EnvProject)} (kept as it is).");
        foreach (var file in plan.Files)
            Console.WriteLine($"  {(file.Before is null ? "create" : "change")} {Relative(plan, file.Path)}: {file.What}");
        if (!plan.ChangesNothing && dry) Console.WriteLine($"dotnet env init --dry-run: nothing was changed; without --dry-run it {verb} also build the env (writing env.lock.json).");
    }

    private static void NextSteps(AdoptionPlan plan)
    {
        Console.WriteLine($"dotnet env init: done. The env is {Relative(plan, plan.EnvProject)}; commit it with its env.lock.json and the files above.");
        if (plan.Manifest is not null)
        {
            Console.WriteLine($"  Then delete {Relative(plan, plan.Manifest)}: its tools are in the env (each command answers as NAME and as `dotnet NAME`).");
            Console.WriteLine("  In CI, replace `dotnet tool restore` with the solution's build (`dotnet build` at the root builds the env)");
            Console.WriteLine("  or `dotnet env build`; `dotnet tool run X` becomes `dotnet X`, run in the env (`dotnet env shell -- dotnet X`).");
        }
        Console.WriteLine("  In your shell, the env activates at the prompt with the hook: eval \"$(dotnet env hook bash)\" (zsh, fish, pwsh too).");
    }

    private static string Relative(AdoptionPlan plan, string path) => Path.GetRelativePath(plan.Root, path);
}
