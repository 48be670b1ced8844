using Env.Core.Diagnostics;
using System.CommandLine;
using Env.Core.Store;

namespace Env.Cli.Verbs;

/// <summary><c>dotnet env store optimise</c>: identical files of store entries become hard links to one copy.</summary>
internal static class StoreVerb
{
    public static Command Create()
    {
        var verbosity = CommonOptions.Verbosity();
        var optimise = new Command("optimise", "Hard-link identical files across store entries (as nix-store --optimise) and say how many bytes that saved. Safe while builds run.")
        {
            verbosity,
        };
        optimise.Aliases.Add("optimize");
        optimise.SetAction(result =>
        {
            var layout = new StoreLayout(UserFolders.Store);
            var report = new StoreOptimiser(layout, new ConsoleEnvLog(result.GetValue(verbosity))).Optimise(CtrlC.Token());
            Console.Out.WriteLine($"Saved {TransferStatus.Size(report.BytesSaved)}: {report.Linked} of {report.Files} files in {report.Entries} store entries now share a copy with an identical file.");
            return 0;
        });
        return new Command("store", "Maintain the store itself (ENVSDK_STORE, else ~/.local/share/envsdk/store): 'optimise' hard-links identical files.") { optimise };
    }
}
