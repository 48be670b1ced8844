using System.Diagnostics;
using System.Text;

namespace Env.Sdk.Tests;

public sealed record ProcessResult(int ExitCode, string Output)
{
    public override string ToString() => $"exit {ExitCode}\n{Output}";
}

/// <summary>A run whose stdout and stderr are kept apart: a command whose stdout is meant for eval must not mix them.</summary>
public sealed record SplitResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}--- stderr\n{Stderr}";
}

/// <summary>Runs a child process with a given environment, capturing stdout and stderr together.</summary>
public static class ProcessRunner
{
    public static ProcessResult Run(string fileName, IEnumerable<string> args, string workingDirectory, IDictionary<string, string?> environment, TimeSpan? timeout = null)
    {
        using var process = Start(fileName, args, workingDirectory, environment, out var output);
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} timed out\n{output}");
        }
        process.WaitForExit();
        lock (output) return new ProcessResult(process.ExitCode, output.ToString());
    }

    /// <summary>Runs to the end with <paramref name="stdin"/> as its input (then closed), stdout and stderr apart.</summary>
    public static SplitResult RunSplit(string fileName, IEnumerable<string> args, string workingDirectory, IDictionary<string, string?> environment, string? stdin = null, TimeSpan? timeout = null)
    {
        using var process = Process.Start(StartInfo(fileName, args, workingDirectory, environment))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} timed out\n{stdout.Result}{stderr.Result}");
        }
        process.WaitForExit();
        return new SplitResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    public static Process Start(string fileName, IEnumerable<string> args, string workingDirectory, IDictionary<string, string?> environment, out StringBuilder output)
    {
        var psi = StartInfo(fileName, args, workingDirectory, environment);
        var sb = new StringBuilder();
        output = sb;
        var process = new Process { StartInfo = psi };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (sb) sb.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (sb) sb.AppendLine(e.Data); };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Every stream redirected; <paramref name="environment"/>'s null values remove a variable.</summary>
    private static ProcessStartInfo StartInfo(string fileName, IEnumerable<string> args, string workingDirectory, IDictionary<string, string?> environment)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment)
        {
            if (v is null) psi.Environment.Remove(k);
            else psi.Environment[k] = v;
        }
        return psi;
    }
}
