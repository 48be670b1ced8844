using System.Runtime.InteropServices;

namespace Env.Cli;

/// <summary>The <c>dotnet</c> executable to run builds with: the one running this tool, so a build uses the same SDK install.</summary>
internal static class DotnetHost
{
    private static readonly string ExeName = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";

    public static string Path()
    {
        // The SDK sets this for the processes it starts; trust it first.
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        if (Environment.ProcessPath is { } self && System.IO.Path.GetFileName(self) == ExeName) return self;
        // shared/Microsoft.NETCore.App/<version>/ is three levels below the install that holds dotnet.
        var runtime = RuntimeEnvironment.GetRuntimeDirectory();
        var root = System.IO.Path.GetFullPath(System.IO.Path.Combine(runtime, "..", "..", ".."));
        var beside = System.IO.Path.Combine(root, ExeName);
        if (File.Exists(beside)) return beside;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Combine(dir, ExeName);
            if (File.Exists(candidate)) return candidate;
        }
        return ExeName;
    }
}
