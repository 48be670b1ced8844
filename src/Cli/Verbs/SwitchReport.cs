using Env.Core.Diagnostics;
using Env.Core.Home;

namespace Env.Cli.Verbs;

/// <summary>
/// What <c>switch</c> and <c>rollback</c> print (on stderr): one line, and with <c>--dry-run</c> each change and each
/// command it would run; then what differs from the generation the home was at (<see cref="HomeGenerationDiff"/>, at most
/// <see cref="MaxPerSection"/> lines per section: <c>generations --diff</c> lists all).
/// </summary>
internal static class SwitchReport
{
    /// <summary>A first switch adds every file of the home: the report stays short, and the rest is counted.</summary>
    public const int MaxPerSection = 20;

    public static void Print(HomeSwitchResult result, string? configuration)
    {
        var plan = result.Plan;
        var counts = $"{plan.Creates.Count} created, {plan.Replaces.Count} replaced, {plan.Removes.Count} removed, {plan.Backups.Count} backed up, {plan.Unchanged} unchanged";
        var what = configuration is null ? $"generation {result.Generation}" : $"generation {result.Generation} ({configuration})";
        if (result.UndidInterrupted is { } undone)
        {
            var at = result.Generation == 0 ? "as it was before the first switch" : $"at generation {result.Generation}";
            Console.Error.WriteLine($"Rolled back the interrupted switch to generation {undone}: the home is {at}. Run 'dotnet env rollback' again to go further back.");
        }
        else if (result.DryRun)
        {
            foreach (var p in plan.Backups) Console.Error.WriteLine($"  back up  ~/{p}");
            foreach (var p in plan.Creates) Console.Error.WriteLine($"  create   ~/{p}");
            foreach (var p in plan.Replaces) Console.Error.WriteLine($"  replace  ~/{p}");
            foreach (var p in plan.Removes) Console.Error.WriteLine($"  remove   ~/{p}");
            foreach (var c in result.OnChange) Console.Error.WriteLine($"  run      onChange ~/{HomePath.Printable(c.Place)}: {PrintableText.Of(c.Command)}");
            foreach (var a in result.Activations) Console.Error.WriteLine($"  run      {a.Name}: {PrintableText.Of(a.Command)}");
            Console.Error.WriteLine($"Would switch to {(result.NewGeneration ? "new " : "")}{what}: {counts}. Nothing was changed (--dry-run).");
        }
        else if (result.ChangedNothing)
        {
            Console.Error.WriteLine($"Nothing to do: {what} is current and in place ({plan.Unchanged} files).");
        }
        else
        {
            Console.Error.WriteLine($"Switched to {(result.NewGeneration ? "new " : "")}{what}: {counts}.");
        }
        foreach (var p in plan.EditsKept) Console.Error.WriteLine($"  kept your edits of ~/{p}");
        if (result.Diff is { IsEmpty: false } diff)
            foreach (var line in diff.Lines(MaxPerSection)) Console.Error.WriteLine("  " + line);
    }
}
