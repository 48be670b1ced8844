using Env.Core.Locking;

namespace Env.Sdk.Tests;

/// <summary>One env.proj for a team on several platforms: per-RID items and a lock covering all of them.</summary>
[Collection(SdkCollection.Name)]
public sealed class PlatformTests(SdkFixture fixture)
{
    [Fact]
    public void EnvLock_fills_every_platforms_entries_and_later_builds_keep_them()
    {
        using var env = new TestEnv(fixture);
        var dl = Path.Combine(env.Root, "dl");
        var linux = TestArchives.TarGzTool(dl, "multi-linux.tar.gz", "multi", "linux build");
        var mac = TestArchives.TarGzTool(dl, "multi-mac.tar.gz", "multi", "mac build");
        var win = TestArchives.ZipTool(dl, "multi-win.zip", "multi.exe", "windows build");
        env.WriteProject($"""
            <Tool Include="multi" Version="2.0" Rid="linux-x64" Url="{new Uri(linux).AbsoluteUri}" Hash="{TestArchives.Sri(linux)}" />
            <Tool Include="multi" Version="2.0" Rid="osx-arm64" Url="{new Uri(mac).AbsoluteUri}" Hash="{TestArchives.Sri(mac)}" />
            <Tool Include="multi" Version="2.0" Rid="win-x64" Url="{new Uri(win).AbsoluteUri}" Hash="{TestArchives.Sri(win)}" Bin="multi.exe" />
            <Tool Include="hello" Package="Hello.Tool" Version="1.0.0" />
            """);

        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Equal(["linux-x64"], LockFile.Load(env.LockFile).Tools["multi"].Keys);

        var lockAll = env.Build("-t:EnvLock");
        Assert.True(lockAll.ExitCode == 0, lockAll.ToString());
        var tools = LockFile.Load(env.LockFile).Tools;
        Assert.Equal(["linux-x64", "osx-arm64", "win-x64"], tools["multi"].Keys);
        Assert.Equal(["any"], tools["hello"].Keys);
        Assert.Equal(TestArchives.Sri(mac), tools["multi"]["osx-arm64"].SourceHash);
        var lockText = File.ReadAllText(env.LockFile);

        // CI on Linux checks the whole lock, and an ordinary build keeps the other platforms' entries.
        env.ForgetRestore();
        var ci = env.Build(new Dictionary<string, string?> { ["CI"] = "true" }, "-t:EnvLock");
        Assert.True(ci.ExitCode == 0, ci.ToString());
        env.ForgetRestore();
        Assert.Equal(0, env.Build().ExitCode);
        Assert.Equal(lockText, File.ReadAllText(env.LockFile));
        Assert.Equal("linux build", env.InShell("bash", "multi").Output.Trim());
    }

    [Fact]
    public void The_item_for_the_nearest_RID_in_the_fallback_chain_is_chosen()
    {
        using var env = new TestEnv(fixture);
        var dl = Path.Combine(env.Root, "dl");
        var generic = TestArchives.TarGzTool(dl, "pick-any.tar.gz", "pick", "any");
        var linux = TestArchives.TarGzTool(dl, "pick-linux.tar.gz", "pick", "linux");
        env.WriteProject($"""
            <Tool Include="pick" Version="1" Url="{new Uri(generic).AbsoluteUri}" Hash="{TestArchives.Sri(generic)}" />
            <Tool Include="pick" Version="1" Rid="linux" Url="{new Uri(linux).AbsoluteUri}" Hash="{TestArchives.Sri(linux)}" />
            """);
        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Equal("linux", env.InShell("bash", "pick").Output.Trim());

        var asMac = env.Build("-p:EnvRuntimeIdentifier=osx-arm64", "-p:EnvShellDir=" + Path.Combine(env.Root, "mac-shell"));
        Assert.True(asMac.ExitCode == 0, asMac.ToString());
        Assert.Equal(["any", "linux"], LockFile.Load(env.LockFile).Tools["pick"].Keys);
    }
}
