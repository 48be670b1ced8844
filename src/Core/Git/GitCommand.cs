using System.Diagnostics;

namespace Env.Core.Git;

/// <summary>
/// Runs git with what it needs to be safe on input from others: no terminal prompt for credentials, no <c>ext::</c>
/// transport (a URL that would run a command), no pager. Output is captured; the exit code is the caller's to judge.
/// </summary>
internal static class GitCommand
{
    public sealed record Result(int ExitCode, string Output, string Error);

    /// <returns>null when git cannot be started (not installed).</returns>
    public static Result? Run(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-c", "protocol.ext.allow=never", "-c", "core.pager=cat" }.Concat(args)) start.ArgumentList.Add(a);
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["LC_ALL"] = "C";
        try
        {
            using var process = Process.Start(start)!;
            process.StandardInput.Close();
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return new Result(process.ExitCode, output.Trim(), error.Result.Trim());
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
