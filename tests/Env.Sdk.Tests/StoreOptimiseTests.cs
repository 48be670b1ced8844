using Env.Core;
using Newtonsoft.Json.Linq;
using Env.Core.IO;

namespace Env.Sdk.Tests;

/// <summary>`dotnet env store optimise` on entries real builds made: identical files share one copy, everything still verifies and runs.</summary>
[Collection(SdkCollection.Name)]
public sealed class StoreOptimiseTests(SdkFixture fixture)
{
    [Fact]
    public void Identical_files_of_two_envs_tools_share_a_copy_and_still_verify()
    {
        using var first = new TestEnv(fixture);
        using var second = new TestEnv(fixture, first.StoreDir);
        var entries = new List<string>();
        foreach (var (env, tool) in new[] { (first, "alpha"), (second, "beta") })
        {
            // Each archive holds the same README ("a test tool\n") beside its own program.
            var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "dl"), $"{tool}-1.0.tar.gz", tool, $"hello from {tool}");
            env.WriteProject($"""<Tool Include="{tool}" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" />""");
            var build = env.Build();
            Assert.True(build.ExitCode == 0, build.Output);
            entries.Add((string)JObject.Parse(File.ReadAllText(env.LockFile))["tools"]![tool]!["any"]!["storePath"]!);
        }

        var optimise = first.DotnetEnv(["store", "optimise"]);
        Assert.True(optimise.ExitCode == 0, optimise.ToString());
        Assert.Contains("Saved 12 B: 1 of ", optimise.Stdout);
        var readmes = entries.Select(e => FileStatus.Of(Path.Combine(first.StoreDir, e, "README"))!.Value).ToList();
        Assert.Equal(readmes[0].Inode, readmes[1].Inode);

        Assert.True(first.DotnetEnv(["verify"]).ExitCode == 0);
        Assert.Contains("hello from alpha x", first.InShell("bash", "alpha x").Output);
        Assert.Contains("hello from beta y", second.InShell("bash", "beta y").Output);
        Assert.Contains("Saved 0 B: 0 of ", first.DotnetEnv(["store", "optimize"]).Stdout);
    }
}
