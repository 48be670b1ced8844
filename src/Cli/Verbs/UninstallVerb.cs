using System.CommandLine;
using Env.Core.Home;

namespace Env.Cli.Verbs;

/// <summary>
/// <c>dotnet env uninstall [--dry-run]</c>: takes the home back to before the first switch (removes the current
/// generation's files that are still its own, puts back the backups switches made, forgets the generations and the
/// session), then says which line to take out of each shell's startup file, which it never edits.
/// </summary>
internal static class UninstallVerb
{
    public static Command Create()
    {
        var dryRun = SwitchVerb.DryRunOption();
        var command = new Command("uninstall", "Take your home back to before the first switch: remove the files of the current generation that are still as it put them (yours are kept and listed), put back the files switches moved aside with -b, forget the generations and the session. Then take the session line out of your shell's startup file, as it says.")
        {
            dryRun,
        };
        command.SetAction(result =>
        {
            var uninstaller = new HomeUninstaller(UserFolders.State, UserFolders.Store, UserHome.Folder(), new ConsoleEnvLog(null));
            var r = uninstaller.Uninstall(result.GetValue(dryRun));
            Print(r, uninstaller.State);
            return 0;
        });
        return command;
    }

    private static void Print(HomeUninstallResult r, HomeStateLayout state)
    {
        var would = r.DryRun;
        if (r.FinishedInterrupted) Console.Error.WriteLine("Finishing the uninstall that was interrupted.");
        foreach (var p in r.Removes) Console.Error.WriteLine($"  remove   ~/{p}");
        foreach (var (p, ext) in r.Restores) Console.Error.WriteLine($"  restore  ~/{p} (from ~/{p}{ext})");
        foreach (var p in r.FoldersRemoved) Console.Error.WriteLine($"  rmdir    ~/{p}");
        foreach (var p in r.LeftAlone) Console.Error.WriteLine($"  kept     ~/{p}: not what generation {r.Generation} put there (changed since); remove it yourself if you do not want it");
        foreach (var (p, ext) in r.BackupsKept) Console.Error.WriteLine($"  kept     ~/{p}{ext}: the backup stays, ~/{p} is taken; move it back yourself if you want it");
        var forgotten = r.Forgotten.Count == 0 ? "no generation" : $"generation{(r.Forgotten.Count == 1 ? "" : "s")} {string.Join(", ", r.Forgotten)}";
        var counts = $"{r.Removes.Count} removed, {r.Restores.Count} restored, {r.LeftAlone.Count + r.BackupsKept.Count} kept";
        Console.Error.WriteLine(would
            ? $"Would uninstall the home: {counts}, and forget {forgotten} and the session. Nothing was changed (--dry-run)."
            : $"Uninstalled the home: {counts}; forgot {forgotten} and the session ('dotnet env gc' frees their store entries).");
        // The startup files are the user's: printed, never edited. Each shell's line, as docs/home.md gives it.
        var profile = state.ProfileLink;
        Console.Error.WriteLine(would ? "Then take the session line out of your shell's startup file:" : "Now take the session line out of your shell's startup file:");
        Console.Error.WriteLine($"  ~/.bashrc, ~/.zshrc or ~/.profile:  the line that sources {Path.Combine(profile, "env.sh")}");
        Console.Error.WriteLine($"  ~/.config/fish/config.fish:         the line that sources {Path.Combine(profile, "env.fish")}");
        Console.Error.WriteLine($"  PowerShell's $PROFILE:              the line that dot-sources {Path.Combine(profile, "env.ps1")}");
    }
}
