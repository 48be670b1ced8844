using System.CommandLine;
using System.Diagnostics;
using Env.Core.Diagnostics;
using Env.Core.Fetching;
using Env.Core.Maintenance;
using Env.Core.Projects;
using Env.Core.State;
using Env.Core.Store;
using Env.Core.Tools;

namespace Env.Cli.Verbs;

/// <summary>
/// <c>dotnet env verify [--repair] [PATH | --env]</c>: recomputes the NAR hash of every store entry (or those one env
/// uses) and compares the name it gives with the entry's; names each changed entry and exits 1. <c>--repair</c> rebuilds
/// each from the lock that names it.
/// </summary>
internal static class VerifyVerb
{
    public const string RunLockFile = "run-lock.json";

    public static Command Create()
    {
        var repair = new Option<bool>("--repair") { Description = "Rebuild each changed entry from its lock (download cache, then its URL or feed); remove one no lock names and say what to build." };
        var env = new Option<bool>("--env") { Description = "Only the entries the env of the current folder (or PATH) uses." };
        var path = new Argument<string?>("PATH")
        {
            Description = "An env.proj, or a folder to search from upward: only the entries that env uses. Default: the whole store.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var verbosity = CommonOptions.Verbosity();
        var offline = CommonOptions.Offline("--repair rebuilds");
        var command = new Command("verify", "Check that store entries still have the content their names commit to (tampering, bit rot); --repair rebuilds those that do not.")
        {
            path, repair, env, verbosity, offline,
        };
        command.SetAction(result =>
        {
            var log = new ConsoleEnvLog(result.GetValue(verbosity));
            var layout = new StoreLayout(UserFolders.Store);
            var sources = new Dictionary<string, LockedSource>(StringComparer.Ordinal);
            IReadOnlyCollection<string>? only = null;
            var settingsRoot = Environment.CurrentDirectory;
            if (result.GetValue(path) is { } given || result.GetValue(env))
            {
                var project = EnvProjectLocator.Find(result.GetValue(path), Environment.CurrentDirectory);
                settingsRoot = Path.GetDirectoryName(project)!;
                only = EnvStoreUse.EntriesOf(project, layout, sources);
            }
            var clock = Stopwatch.StartNew();
            var results = StoreVerifier.Verify(layout, only, ct: CtrlC.Token());
            var bad = results.Where(r => !r.Ok).ToList();
            foreach (var r in bad) Console.Out.WriteLine($"changed: {layout.EntryPath(r.Name)}: {r.Problem}");
            log.Info($"Verified {results.Count} store entr{(results.Count == 1 ? "y" : "ies")} in {clock.Elapsed.TotalSeconds:0.00}s: {(bad.Count == 0 ? "all unchanged" : $"{bad.Count} changed")}.");
            if (bad.Count == 0) return 0;
            if (!result.GetValue(repair))
            {
                throw new EnvException(EnvCode.ENV0312,
                    $"{bad.Count} store entr{(bad.Count == 1 ? "y has" : "ies have")} changed content: {string.Join(", ", bad.Select(b => b.Name))}. Run 'dotnet env verify --repair' to rebuild {(bad.Count == 1 ? "it" : "them")} from the locks that name {(bad.Count == 1 ? "it" : "them")}.",
                    layout.StoreDir);
            }
            return Repair(layout, bad, sources, settingsRoot, result.GetValue(offline), log);
        });
        return command;
    }

    private static int Repair(StoreLayout layout, List<VerifiedEntry> bad, Dictionary<string, LockedSource> sources, string settingsRoot, bool offline, ConsoleEnvLog log)
    {
        LockedSources.AddRootedEnvLocks(sources, layout);
        LockedSources.AddRunLock(sources, Path.Combine(UserFolders.State, RunLockFile));
        // The machine's mirrors, substitutes, offline mode and download limits apply as they do to a build.
        using var setup = new InstallerSetup(CliInstallSettings.For(settingsRoot, offline) with { StoreDir = layout.StoreDir }, log);
        var repairer = new StoreRepairer(setup);
        var failed = 0;
        foreach (var entry in bad)
        {
            try
            {
                repairer.RepairAsync(entry.Name, sources.GetValueOrDefault(entry.Name), CtrlC.Token()).GetAwaiter().GetResult();
                Console.Out.WriteLine($"repaired: {layout.EntryPath(entry.Name)}");
            }
            catch (EnvException e)
            {
                Console.Error.WriteLine(e.ToString());
                failed++;
            }
        }
        return failed == 0 ? 0 : 1;
    }
}
