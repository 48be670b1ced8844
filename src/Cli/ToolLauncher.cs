using System.Diagnostics;
using Env.Core.Diagnostics;
using Env.Core.Run;
using Env.Core.Store;

namespace Env.Cli;

/// <summary>
/// Starts a run's command from its store entry with the user's environment as it is (nothing is added: as
/// <c>nix run</c>, the tool is run, not installed). A .NET tool's entry assembly is started with <c>dotnet exec</c>,
/// exactly as the profile's shims do, so a tool behaves the same in an env and in a run.
/// </summary>
internal static class ToolLauncher
{
    /// <returns>The tool's exit code (Windows; on Unix this process becomes the tool and does not return).</returns>
    public static int Start(StoreLayout layout, RunCommand command, IReadOnlyList<string> args)
    {
        var target = Path.Combine(layout.EntryPath(command.Entry), command.Path);
        string file;
        List<string> argv;
        if (command.Kind == RunCommand.Dotnet)
        {
            file = DotnetFor();
            argv = ["dotnet", "exec"];
            // As the shim: a tool built for an older runtime rolls forward when its own is absent, unless the user said otherwise.
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_ROLL_FORWARD"))) argv.AddRange(["--roll-forward", "Major"]);
            argv.Add(target);
        }
        else
        {
            file = target;
            argv = [command.Name];
        }
        argv.AddRange(args);
        var environment = Env.Core.Shell.ActivatedEnvironment.Current();
        if (!OperatingSystem.IsWindows())
        {
            var errno = UnixExec.Replace(file, argv, environment);
            throw new EnvException(EnvCode.ENV0707, $"Could not start {file} (errno {errno}). Check that it is an executable for this platform.");
        }
        var start = new ProcessStartInfo(file) { UseShellExecute = false };
        foreach (var a in argv.Skip(1)) start.ArgumentList.Add(a);
        Console.CancelKeyPress += (_, e) => e.Cancel = true;
        using var process = Process.Start(start)!;
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>The host the shims use: <c>$DOTNET_ROOT/dotnet</c> when there is one, else the dotnet running us or on PATH.</summary>
    private static string DotnetFor()
    {
        var exe = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } root && File.Exists(Path.Combine(root, exe)))
            return Path.Combine(root, exe);
        return DotnetHost.Path();
    }
}
