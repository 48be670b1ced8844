using System.Diagnostics;
using System.Text;

namespace Env.Core.Image;

/// <summary>
/// A program the image code starts (a Docker credential helper, <c>docker</c>/<c>podman load</c>): arguments as a list
/// (no shell), an optional input written and closed, its output kept only up to a bound (the last characters), its
/// time bounded (killed with its children past it, or on cancellation). stderr is kept only when asked: a credential
/// helper's complaints may quote what it was given.
/// </summary>
public static class BoundedProcess
{
    /// <param name="ExitCode">The program's; <see cref="NotStarted"/> or <see cref="TimedOut"/> otherwise.</param>
    /// <param name="Output">Its stdout (and stderr when kept), at most the bound's last characters.</param>
    public sealed record Result(int ExitCode, string Output);

    public const int NotStarted = -1;
    public const int TimedOut = -2;

    public static Result Run(string program, IReadOnlyList<string> args, TimeSpan timeout, int maxOutputChars,
        string? input = null, bool keepStderr = false, CancellationToken ct = default)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return new Result(NotStarted, "");
        }
        using (process)
        {
            var output = new StringBuilder();
            void Keep(string? line)
            {
                if (line is null) return;
                lock (output)
                {
                    output.Append(line).Append('\n');
                    if (output.Length > maxOutputChars) output.Remove(0, output.Length - maxOutputChars);
                }
            }
            process.OutputDataReceived += (_, e) => Keep(e.Data);
            process.ErrorDataReceived += (_, e) => { if (keepStderr) Keep(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (input is not null) process.StandardInput.Write(input);
            process.StandardInput.Close();
            using var cancel = ct.Register(() => Kill(process));
            if (!process.WaitForExit(timeout))
            {
                Kill(process);
                return new Result(TimedOut, "");
            }
            process.WaitForExit(); // the output's end
            ct.ThrowIfCancellationRequested();
            lock (output) return new Result(process.ExitCode, output.ToString());
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }
}
