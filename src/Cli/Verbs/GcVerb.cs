using Env.Core.Diagnostics;
using System.CommandLine;
using Env.Core.Store;

namespace Env.Cli.Verbs;

/// <summary>
/// <c>dotnet env gc [--dry-run]</c>: removes every store entry no root reaches (dev shells, home generations and home
/// envs, running processes and builds), drops roots whose checkout is gone, and says what that freed.
/// </summary>
internal static class GcVerb
{
    public static Command Create()
    {
        var dryRun = new Option<bool>("--dry-run", "-n") { Description = "Print what would be removed; remove nothing." };
        var verbosity = CommonOptions.Verbosity();
        var command = new Command("gc", "Remove store entries that no dev shell, home generation or running command uses, and say how much that freed.")
        {
            dryRun, verbosity,
        };
        command.SetAction(result =>
        {
            var log = new ConsoleEnvLog(result.GetValue(verbosity));
            var layout = new StoreLayout(UserFolders.Store);
            var report = new GarbageCollector(layout, log).Collect(result.GetValue(dryRun), CtrlC.Token());
            Print(report, layout);
            return 0;
        });
        return command;
    }

    private static void Print(GcReport report, StoreLayout layout)
    {
        var verb = report.DryRun ? "would remove" : "removed";
        foreach (var root in report.DroppedRoots)
            Console.Out.WriteLine($"{(report.DryRun ? "would drop" : "dropped")} root {root.RootPath} (its link {root.Link} is gone)");
        foreach (var entry in report.Removed) Console.Out.WriteLine($"{verb} {layout.EntryPath(entry)}");
        var links = report.UnusedLinks == 0 ? "" : $", {report.UnusedLinks} unused optimise link{(report.UnusedLinks == 1 ? "" : "s")}";
        Console.Out.WriteLine(
            $"{(report.DryRun ? "Would free" : "Freed")} {TransferStatus.Size(report.FreedBytes)}: {report.Removed.Count} store entr{(report.Removed.Count == 1 ? "y" : "ies")} {(report.DryRun ? "to remove" : "removed")}{links}; " +
            $"{report.Kept} kept by {report.Roots} root{(report.Roots == 1 ? "" : "s")} and {report.LivingHolds} held by running processes.");
    }
}
