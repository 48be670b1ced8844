namespace Env.Core.Tests;

/// <summary>A file of this repository, found upward from the test's output folder.</summary>
internal static class RepoFile
{
    public static string Path(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Env.Sdk.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        return System.IO.Path.Combine([dir.FullName, .. parts]);
    }
}
