using System.CommandLine;
using Env.Core.Home;

namespace Env.Cli.Verbs;

/// <summary><c>dotnet env rollback</c>: switch the home back to the kept generation before the current one (no build).</summary>
internal static class RollbackVerb
{
    public static Command Create()
    {
        var backup = SwitchVerb.BackupOption();
        var dryRun = SwitchVerb.DryRunOption();
        var verbosity = CommonOptions.Verbosity();
        var command = new Command("rollback", "Switch your home back to the previous generation. Run it again to go further back; 'dotnet env switch --generation N' goes to any kept one.")
        {
            backup, dryRun, verbosity,
        };
        command.SetAction(result =>
        {
            var switcher = UserHome.Switcher(new ConsoleEnvLog(result.GetValue(verbosity)));
            var r = switcher.Rollback(new HomeSwitchOptions(result.GetValue(backup), DryRun: result.GetValue(dryRun), Cancellation: CtrlC.Token()));
            SwitchReport.Print(r, null);
            return 0;
        });
        return command;
    }
}
