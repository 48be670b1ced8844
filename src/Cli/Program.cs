using System.CommandLine;
using Env.Cli;
using Env.Cli.Verbs;
using Env.Core.Diagnostics;

// `dotnet env run REF ARGS` first, before anything else is built: a warm run only reads the run lock and execs.
if (args.Length > 0 && args[0] == "run")
{
    var run = RunArguments.Split(args);
    try
    {
        if (RunFastPath.TryRun(run) is { } exitCode) return exitCode;
    }
    catch (Exception e)
    {
        return FailureReport.Print(e);
    }
    RunVerb.ToolArguments = run.Tool;
    args = run.Ours;
}

// `dotnet env VERB …`. Failures are `ENVnnnn: message` on stderr and a non-zero exit, as dotnet's own errors;
// a build this tool ran and that failed exits with the build's code, its output having said why.
var root = new RootCommand("Env.Sdk's command line: build, enter, print and auto-activate the dev shell of an env.proj; switch and roll back your home.")
{
    InitVerb.Create(),
    BuildVerb.Create(args),
    ShellVerb.Create(),
    PrintVerb.Create(),
    HookVerb.Create(),
    DirenvVerb.Create(),
    AddVerb.Create(),
    RemoveVerb.Create(),
    OutdatedVerb.Create(),
    UpdateVerb.Create(),
    SwitchVerb.Create(),
    RollbackVerb.Create(),
    UninstallVerb.Create(),
    GenerationsVerb.Create(),
    OptionsVerb.Create(),
    ImageVerb.Create(args),
    DevcontainerVerb.Create(),
    RunVerb.Create(),
    MirrorVerb.Create(),
    PushVerb.Create(),
    GcVerb.Create(),
    VerifyVerb.Create(),
    StoreVerb.Create(),
    HelpVerb.Create(),
};
// `dotnet env shell [PATH] -- CMD ARGS`: everything after the first `--` is the command, whatever it looks like.
var split = Array.IndexOf(args, "--");
ShellVerb.Command = split >= 0 && args.Length > 0 && args[0] == "shell" ? args[(split + 1)..] : [];
var parsed = split >= 0 && args.Length > 0 && args[0] == "shell" ? args[..split] : args;
// Help (and --version) is written here first, to be fixed up (HelpText) before the user sees it; verbs write to the
// console themselves.
var help = new StringWriter();
try
{
    return root.Parse(parsed).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = help });
}
catch (BuildFailedException e)
{
    return e.ExitCode;
}
catch (Exception e)
{
    return FailureReport.Print(e);
}
finally
{
    Console.Out.Write(HelpText.Fix(help.ToString()));
}
