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
                if (BoundedProcess.Run("docker", ["version", "--format", "{{.Server.Version}}"], ProbeTimeout, MaxOutputChars).ExitCode == 0) return "docker";
                return BoundedProcess.Run("podman", ["--version"], ProbeTimeout, MaxOutputChars).ExitCode == 0 ? "podman" : null;
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
        var result = BoundedProcess.Run(engine, ["load", "-i", archive], LoadTimeout, MaxOutputChars, keepStderr: true, ct: ct);
        if (result.ExitCode == 0) return;
        var shown = PrintableText.Of(result.Output.Trim());
        throw new EnvException(EnvCode.ENV0994, result.ExitCode switch
        {
            BoundedProcess.NotStarted => $"{engine} could not be started to load the image (it is not on PATH). Install it, set LocalRegistry to the engine you have, or set ContainerArchiveOutputPath or ContainerRegistry.",
            BoundedProcess.TimedOut => $"'{engine} load' gave no answer within {LoadTimeout.TotalMinutes:0} minutes and was stopped. Check that {engine} works ('{engine} info'), or set ContainerArchiveOutputPath and load the archive yourself.",
            _ => $"'{engine} load' failed (exit {result.ExitCode}){(shown.Length > 0 ? $": {shown}" : "")}. Check that {engine} works ('{engine} info'), or set ContainerArchiveOutputPath and load the archive yourself.",
        }, projectFile);
    }
}
