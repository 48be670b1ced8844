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

    [Fact]
    public void A_tool_that_does_not_exist_on_a_platform_leaves_its_build_and_locked_CI_green_and_the_lock_says_so()
    {
        using var env = new TestEnv(fixture);
        var linux = TestArchives.TarGzTool(Path.Combine(env.Root, "dl"), "lint-linux.tar.gz", "lint", "linux lint");
        var item = $"""<Tool Include="lint" Version="1.0" Rid="linux-x64" Url="{new Uri(linux).AbsoluteUri}" Hash="{TestArchives.Sri(linux)}" """;
        var macShell = "-p:EnvShellDir=" + Path.Combine(env.Root, "mac-shell");
        var ci = new Dictionary<string, string?> { ["CI"] = "true" };

        // Today's failure, which now names the way out.
        env.WriteProject(item + "/>\n" + """<Tool Include="hello" Package="Hello.Tool" Version="1.0.0" />""");
        var refused = env.Build("-p:EnvRuntimeIdentifier=osx-arm64", macShell);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("error ENV0005", refused.Output);
        Assert.Contains("Optional=\"true\"", refused.Output);

        env.WriteProject(item + """Optional="true" />""" + "\n" + """<Tool Include="hello" Package="Hello.Tool" Version="1.0.0" />""",
            "<EnvLockRuntimeIdentifiers>linux-x64;osx-arm64</EnvLockRuntimeIdentifiers>");
        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotContain("not available", build.Output);
        Assert.Equal("linux lint", env.InShell("bash", "lint").Output.Trim());

        // The lock written on Linux does not say lint is absent on a Mac: the Mac's CI leg says ENV0503, naming it.
        var macCi = env.Build(ci, "-p:EnvRuntimeIdentifier=osx-arm64", macShell);
        Assert.NotEqual(0, macCi.ExitCode);
        Assert.Contains("error ENV0503", macCi.Output);
        Assert.Contains("'lint' is absent on osx-arm64 (env.proj), which the lock does not record", macCi.Output);

        var lockAll = env.Build("-t:EnvLock");
        Assert.True(lockAll.ExitCode == 0, lockAll.ToString());
        Assert.DoesNotContain("ENV0510", lockAll.Output);
        var locked = LockFile.Load(env.LockFile);
        Assert.Equal(["osx-arm64"], locked.Absent["lint"]);
        Assert.Contains("\"absent\": {", File.ReadAllText(env.LockFile));

        // Now the Mac's CI leg builds, without lint, and says so once: on the line the build ends with.
        var mac = env.Build(ci, "-p:EnvRuntimeIdentifier=osx-arm64", macShell);
        Assert.True(mac.ExitCode == 0, mac.ToString());
        var notes = mac.Output.Split('\n').Where(l => l.Contains("lint not available on osx-arm64")).ToList();
        Assert.Single(notes);
        Assert.Contains("-> ", notes[0]);
        Assert.DoesNotContain("warning", mac.Output);
        Assert.DoesNotContain("\"lint\"", File.ReadAllText(Path.Combine(env.Root, "mac-shell", "env.json")));
        // And Linux's CI leg checks the same lock.
        env.ForgetRestore();
        var linuxCi = env.Build(ci);
        Assert.True(linuxCi.ExitCode == 0, linuxCi.ToString());
    }

    [Fact]
    public void Platforms_leave_a_tool_out_where_none_of_them_is_on_the_chain_and_a_misspelt_one_is_ENV0057()
    {
        using var env = new TestEnv(fixture);
        env.WriteProject("""<Tool Include="hello" Package="Hello.Tool" Version="1.0.0" Platforms="linux" />""");
        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.True(env.InShell("bash", "hello-dotnet x").ExitCode == 0);

        var mac = env.Build("-p:EnvRuntimeIdentifier=osx-arm64", "-p:EnvShellDir=" + Path.Combine(env.Root, "mac-shell"));
        Assert.True(mac.ExitCode == 0, mac.ToString());
        Assert.Contains("hello not available on osx-arm64", mac.Output);
        Assert.True(LockFile.Load(env.LockFile).IsAbsent("hello", "osx-arm64"));

        env.WriteProject("""<Tool Include="hello" Package="Hello.Tool" Version="1.0.0" Platforms="lnux" />""");
        var typo = env.Build();
        Assert.NotEqual(0, typo.ExitCode);
        Assert.Contains("env.proj(4,1): error ENV0057", typo.Output);
        Assert.Contains("'lnux'", typo.Output);
    }
}

