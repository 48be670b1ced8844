using System.Diagnostics;
using System.Text;
using Env.Core.Diagnostics;

namespace Env.Core.Image;

/// <summary>
/// The image loaded into the machine's own container engine when neither an archive nor a registry is named, as the
/// .NET SDK does: <c>LocalRegistry</c> (<c>Docker</c> or <c>Podman</c>) when set, else Docker when its daemon answers,
/// else Podman (which needs no daemon) when it is on PATH. The image goes in as its archive (<c>load -i</c>, which both
/// read); the engine's output is bounded and shown only on failure (ENV0994).
/// </summary>
public static class LocalDaemon
{
    private const int MaxOutputChars = 4096;
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The engine to load into (<c>docker</c> or <c>podman</c>), or null when there is none.</summary>
    public static string? Find(string? localRegistry, string? projectFile)
    {
        switch (localRegistry?.Trim().ToLowerInvariant())
        {
            case null or "":
                if (Run("docker", ["version", "--format", "{{.Server.Version}}"], ProbeTimeout).ExitCode == 0) return "docker";
                return Run("podman", ["--version"], ProbeTimeout).ExitCode == 0 ? "podman" : null;
            case "docker":
                return "docker";
            case "podman":
                return "podman";
            default:
                throw new EnvException(EnvCode.ENV0994, $"LocalRegistry is '{PrintableText.Of(localRegistry!)}'; it may be Docker or Podman. Fix it, or set ContainerArchiveOutputPath or ContainerRegistry instead.", projectFile);
        }
    }

    /// <summary><c>ENGINE load -i ARCHIVE</c>, refused (ENV0994) when the engine is missing, fails or takes more than 10 minutes.</summary>
    public static void Load(string engine, string archive, string? projectFile, CancellationToken ct)
    {
        var (exitCode, output) = Run(engine, ["load", "-i", archive], LoadTimeout, ct);
        if (exitCode == 0) return;
        var shown = PrintableText.Of(output.Trim());
        throw new EnvException(EnvCode.ENV0994,
            exitCode == -1
                ? $"{engine} could not be started to load the image (it is not on PATH). Install it, set LocalRegistry to the engine you have, or set ContainerArchiveOutputPath or ContainerRegistry."
                : $"'{engine} load' failed (exit {exitCode}){(shown.Length > 0 ? $": {shown}" : "")}. Check that {engine} works ('{engine} info'), or set ContainerArchiveOutputPath and load the archive yourself.",
            projectFile);
    }

    /// <returns>The exit code (-1 when the program could not be started, -2 when it ran out of time) and the tail of its output.</returns>
    private static (int ExitCode, string Output) Run(string program, IReadOnlyList<string> args, TimeSpan timeout, CancellationToken ct = default)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (-1, "");
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
                    if (output.Length > MaxOutputChars) output.Remove(0, output.Length - MaxOutputChars);
                }
            }
            process.OutputDataReceived += (_, e) => Keep(e.Data);
            process.ErrorDataReceived += (_, e) => Keep(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            process.StandardInput.Close();
            using var cancel = ct.Register(() => { try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } });
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return (-2, $"no answer within {timeout.TotalSeconds:0} s");
            }
            process.WaitForExit();
            ct.ThrowIfCancellationRequested();
            lock (output) return (process.ExitCode, output.ToString());
        }
    }
}
