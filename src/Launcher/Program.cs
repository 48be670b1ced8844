using Env.Cli;
using Env.Core.Diagnostics;
using Env.Core.Shell;

// A warm `dotnet env run REF ARGS` becomes the tool right here; anything else (a cold run included) is the full tool's.
if (args.Length > 0 && args[0] == "run")
{
    try
    {
        if (RunFastPath.TryRun(RunArguments.Split(args)) is { } exitCode) return exitCode;
    }
    catch (Exception e)
    {
        return FailureReport.Print(e);
    }
}

var full = Path.Combine(AppContext.BaseDirectory, FullTool.FileName);
if (OperatingSystem.IsWindows())
{
    Console.Error.WriteLine(CodedMessage.Line(EnvCode.ENV0759, $"{full} is for Unix; install the portable dotnet-env on Windows."));
    return 1;
}
var errno = UnixExec.Replace(full, ["dotnet-env", .. args], ActivatedEnvironment.Current());
Console.Error.WriteLine(CodedMessage.Line(EnvCode.ENV0759, $"Could not start {full} (errno {errno}). The dotnet-env tool is damaged: reinstall it (dotnet tool update -g dotnet-env)."));
return 1;

/// <summary>The full tool, installed beside this launcher in the native package.</summary>
internal static class FullTool
{
    public const string FileName = "dotnet-env-full";
}
