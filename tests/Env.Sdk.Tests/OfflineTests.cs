namespace Env.Sdk.Tests;

/// <summary>
/// Offline restores (EnvOffline, ENVSDK_OFFLINE, `dotnet env build|shell --offline`) through the real `dotnet build`: only
/// the store and the download cache, no request to any server, and what is missing is one ENV0120 naming each tool.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class OfflineTests(SdkFixture fixture)
{
    [Fact]
    public void Offline_with_nothing_cached_fails_naming_each_missing_tool_and_asks_nothing_and_writes_nothing()
    {
        using var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "www"), "greeter-1.0.tar.gz", "greet", "hi");
        using var server = new LoopbackFileServer(Path.Combine(env.Root, "www"));
        env.WriteProject($"""
                <Tool Include="greeter" Version="1.0" Url="{server.Url("greeter-1.0.tar.gz")}" Hash="{TestArchives.Sri(archive)}" />
                <Tool Include="hello" Package="Hello.Tool" Version="1.*" />
            """);

        var build = env.Build("-p:EnvOffline=true");
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error ENV0120", build.Output);
        Assert.Contains($"'greeter' 1.0 (any): {server.Url("greeter-1.0.tar.gz")} is not in the download cache", build.Output);
        Assert.Contains("'hello' 1.* (any): package Hello.Tool is not in env.lock.json", build.Output);
        Assert.Equal(0, server.Requests);
        Assert.False(File.Exists(env.LockFile));
        Assert.False(File.Exists(Path.Combine(env.ShellDir, "activate")));
    }

    [Fact]
    public void After_one_online_build_a_cleaned_store_is_rebuilt_offline_by_the_cli_from_the_caches()
    {
        using var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "www"), "greeter-1.0.tar.gz", "greet", "offline");
        using var server = new LoopbackFileServer(Path.Combine(env.Root, "www"));
        env.WriteProject($"""
                <Tool Include="greeter" Version="1.0" Url="{server.Url("greeter-1.0.tar.gz")}" Hash="{TestArchives.Sri(archive)}" />
                <Tool Include="hello" Package="Hello.Tool" Version="1.*" />
            """);
        Assert.Equal(0, env.Build().ExitCode);
        var requests = server.Requests;
        var lockBefore = File.ReadAllText(env.LockFile);

        Env.Core.Store.ReadOnlyTree.Delete(env.StoreDir);
        // The package feed is gone too: offline must not even look at it.
        File.WriteAllText(Path.Combine(env.ProjectDir, "nuget.config"), File.ReadAllText(Path.Combine(env.ProjectDir, "nuget.config")).Replace(fixture.ToolFeed, Path.Combine(env.Root, "no-such-feed")));
        var shell = env.DotnetEnv(["shell", "--offline", "--", "greet", "a"]);
        Assert.True(shell.ExitCode == 0, shell.ToString());
        Assert.Equal("offline a", shell.Stdout.Trim());
        Assert.Equal(requests, server.Requests);
        Assert.Equal(lockBefore, File.ReadAllText(env.LockFile));
        Assert.Contains("hello-dotnet 1.1.0", env.InShell("bash", "hello-dotnet").Output);

        // And `dotnet env build --offline` of a store emptied again.
        Env.Core.Store.ReadOnlyTree.Delete(env.StoreDir);
        var build = env.DotnetEnv(["build", "--offline"]);
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Equal(requests, server.Requests);
    }

    [Fact]
    public void ENVSDK_OFFLINE_sets_the_EnvOffline_default_and_a_typo_is_refused()
    {
        using var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "dl"), "local-1.0.tar.gz", "local", "local");
        env.WriteProject($"""<Tool Include="local" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" />""");
        ProcessResult Property(string? offline) => ProcessRunner.Run("dotnet", ["msbuild", env.ProjectFile, "-getProperty:EnvOffline", "-nr:false"], env.ProjectDir,
            env.Environment(new Dictionary<string, string?> { ["ENVSDK_OFFLINE"] = offline }));
        Assert.Equal("false", Property(null).Output.Trim());
        Assert.Equal("1", Property("1").Output.Trim());

        var typo = env.Build(new Dictionary<string, string?> { ["ENVSDK_OFFLINE"] = "yes" });
        Assert.NotEqual(0, typo.ExitCode);
        Assert.Contains("error ENV0122", typo.Output);
    }
}
