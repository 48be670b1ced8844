using System.Reflection;

namespace Env.Sdk.Tests;

internal static class Repo
{
    private static string Meta(string key) =>
        typeof(Repo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    public static string Root => Meta("RepoRoot");

    public static string SdkVersion => Meta("EnvSdkVersion");

    /// <summary>tests/WorkspaceProbe's assembly, built with the tests: a solution opened with Roslyn's MSBuildWorkspace.</summary>
    public static string WorkspaceProbe => Meta("WorkspaceProbe");
}
