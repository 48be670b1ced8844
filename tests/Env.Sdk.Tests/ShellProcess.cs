namespace Env.Sdk.Tests;

/// <summary>
/// A real shell started as a user's terminal would start it: the system's PATH only (plus pwsh's folder, which may be a
/// .NET tool outside /usr), the test's isolated HOME, XDG folders and store (<see cref="TestEnv.Environment"/>), and
/// pwsh's runtime found through DOTNET_ROOT.
/// </summary>
internal static class ShellProcess
{
    public const string SystemPath = "/usr/local/bin:/usr/bin:/bin";

    /// <summary>Runs <paramref name="program"/> in <paramref name="env"/>'s project folder (or <paramref name="workingDir"/>).</summary>
    public static ProcessResult Run(TestEnv env, string program, string[] args, IReadOnlyDictionary<string, string?>? extra = null, string? workingDir = null)
    {
        var variables = new Dictionary<string, string?>(extra ?? new Dictionary<string, string?>());
        variables.TryAdd("PATH", SystemPath + PwshDir());
        var environment = env.Environment(variables);
        if (System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host) environment["DOTNET_ROOT"] = Path.GetDirectoryName(host);
        return ProcessRunner.Run(program, args, workingDir ?? env.ProjectDir, environment);
    }

    /// <summary>":DIR" for pwsh's folder when it is not under /usr (the CI installs it as a .NET tool), else "".</summary>
    public static string PwshDir() =>
        (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .FirstOrDefault(d => d.Length > 0 && File.Exists(Path.Combine(d, "pwsh")) && !d.StartsWith("/usr/", StringComparison.Ordinal)) is { } dir ? ":" + dir : "";
}
