using System.Diagnostics;
using Env.Core.Diagnostics;

namespace Env.Cli;

/// <summary>
/// One property of env.proj as MSBuild evaluates it (<c>dotnet msbuild -getProperty</c>), for what only an evaluation
/// knows: <c>EnvLockRuntimeIdentifiers</c>, the platforms <c>add --url TEMPLATE</c> expands for when no <c>--rid</c> is given
/// (env.proj, an import or the SDK's default may set it). Asked only then: it costs an evaluation.
/// </summary>
internal static class ProjectProperty
{
    /// <summary>More than a property's value ever is; the rest of a runaway output is not kept.</summary>
    private const int MaxChars = 1 << 20;

    public static string Read(string projectFile, string name)
    {
        var start = new ProcessStartInfo(DotnetHost.Path())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var (folder, project) = DotnetBuild.ProjectArgument(projectFile);
        if (folder is not null) start.WorkingDirectory = folder;
        foreach (var arg in new[] { "msbuild", project, $"-getProperty:{name}", "-nologo" }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = Bounded(process.StandardOutput);
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            var said = string.Join(" ", (stdout + "\n" + stderr.Result).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(5));
            throw new EnvException(EnvCode.ENV0737,
                $"Could not evaluate {projectFile} to read {name}, the platforms a URL template is expanded for (dotnet msbuild exited with {process.ExitCode}: {PrintableText.Of(said)}). " +
                "Nothing was downloaded or changed. Name the platforms with --rid, or fix the project ('dotnet env build' shows why).",
                projectFile);
        }
        return stdout.Trim();
    }

    private static string Bounded(StreamReader reader)
    {
        var buffer = new char[MaxChars];
        var read = reader.ReadBlock(buffer, 0, buffer.Length);
        var text = new string(buffer, 0, read);
        while (reader.Read(buffer, 0, buffer.Length) > 0) { } // drained, so the process is not blocked on a full pipe
        return text;
    }
}
