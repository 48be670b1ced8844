using System.Diagnostics;

namespace Env.Cli;

/// <summary>Runs <c>dotnet build</c> on an env project, as the user would, with their MSBuild arguments.</summary>
internal static class DotnetBuild
{
    /// <param name="toStderr">
    /// Sends the build's output to stderr: <c>print</c> and <c>hook</c> write text to be evaluated on stdout, which a
    /// build's lines must not reach.
    /// </param>
    /// <returns>The build's exit code.</returns>
    public static int Run(string projectFile, IEnumerable<string> msbuildArgs, bool toStderr)
    {
        var start = new ProcessStartInfo(DotnetHost.Path()) { UseShellExecute = false, RedirectStandardOutput = toStderr };
        var (folder, project) = ProjectArgument(projectFile);
        if (folder is not null) start.WorkingDirectory = folder;
        start.ArgumentList.Add("build");
        start.ArgumentList.Add(project);
        foreach (var arg in msbuildArgs) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        if (toStderr)
        {
            var stderr = Console.Error;
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) stderr.WriteLine(e.Data); };
            process.BeginOutputReadLine();
        }
        process.WaitForExit();
        return process.ExitCode;
    }

    /// <summary>
    /// How to name the project to MSBuild, which takes every '"' out of its command line (a path holding one is then
    /// MSB1009, "does not exist"): as it is; else relative to here, when that holds none; else by its file name, run in
    /// its folder (relative paths among the MSBuild arguments are then taken from there).
    /// </summary>
    internal static (string? Folder, string Project) ProjectArgument(string projectFile)
    {
        if (!projectFile.Contains('"')) return (null, projectFile);
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, projectFile);
        if (!relative.Contains('"')) return (null, relative);
        return (Path.GetDirectoryName(projectFile), Path.GetFileName(projectFile));
    }
}
