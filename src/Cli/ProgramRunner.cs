using System.Diagnostics;
using Env.Core.Diagnostics;

namespace Env.Cli;

/// <summary>Starts a program in a given environment and stands aside: on Unix by becoming it, on Windows by waiting for it.</summary>
internal static class ProgramRunner
{
    /// <returns>The program's exit code (Windows, or when exec failed on Unix; on success on Unix it does not return).</returns>
    public static int Run(string command, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var file = Resolve(command, environment.GetValueOrDefault("PATH") ?? "")
            ?? throw new EnvException(EnvCode.ENV0706, $"'{command}' was not found on the env's PATH. Check the command's name, or the env's tools ('dotnet env print --json').");
        if (!OperatingSystem.IsWindows())
        {
            var errno = UnixExec.Replace(file, [command, .. args], environment);
            throw new EnvException(EnvCode.ENV0707, $"Could not start {file} (errno {errno}). Check that it is an executable for this platform.");
        }
        var start = new ProcessStartInfo(file) { UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment.Clear();
        foreach (var (k, v) in environment) start.Environment[k] = v;
        // Ctrl+C reaches the child through the console; this process only waits for it to finish.
        Console.CancelKeyPress += (_, e) => e.Cancel = true;
        using var process = Process.Start(start)!;
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>A command as the shell would find it: a path as given, else the first executable of that name on PATH.</summary>
    public static string? Resolve(string command, string path)
    {
        if (command.Contains('/') || (OperatingSystem.IsWindows() && command.Contains('\\')))
            return File.Exists(command) ? Path.GetFullPath(command) : null;
        var extensions = OperatingSystem.IsWindows()
            ? ["", .. (Environment.GetEnvironmentVariable("PATHEXT") ?? ".COM;.EXE;.BAT;.CMD").Split(';', StringSplitOptions.RemoveEmptyEntries)]
            : new[] { "" };
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var ext in extensions)
            {
                var candidate = Path.Combine(dir, command + ext);
                if (File.Exists(candidate) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & Env.Core.IO.FileModes.ExecuteBits) != 0))
                    return candidate;
            }
        }
        return null;
    }
}
