using Env.Core.Locking;

namespace Env.Sdk.Tests;

[Collection(SdkCollection.Name)]
public sealed class NuGetToolTests(SdkFixture fixture)
{
    [Fact]
    public void Dotnet_tool_package_from_a_local_feed_runs_through_its_shim()
    {
        using var env = new TestEnv(fixture);
        env.WriteProject("""<Tool Include="hello" Package="Hello.Tool" Version="1.0.0" />""");

        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());

        var run = env.InShell("bash", "hello-dotnet 'a b' c");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("hello-dotnet 1.0.0 [a b|c]", run.Output.Trim());

        var entry = LockFile.Load(env.LockFile).Find("hello", "any")!;
        Assert.Equal("nuget", entry.Kind);
        Assert.Equal("Hello.Tool", entry.Package);
        Assert.Equal("1.0.0", entry.Version);
        Assert.StartsWith("sha512-", entry.SourceHash);
    }

    [Fact]
    public void Rid_specific_tool_installs_this_platforms_package_and_EnvLock_pins_every_platforms()
    {
        using var env = new TestEnv(fixture);
        env.WriteProject("""<Tool Include="rid" Package="Rid.Tool" Version="1.0.0" />""");

        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        var run = env.InShell("bash", "rid-hello");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("rid-hello on linux-x64", run.Output.Trim());
        var entry = LockFile.Load(env.LockFile).Find("rid", "any")!;
        Assert.Equal(["linux-x64"], entry.RuntimePackages!.Keys);
        Assert.Equal("Rid.Tool.linux-x64", entry.RuntimePackages["linux-x64"].Package, ignoreCase: true);
        // The pointer and the runtime package are two entries with two names.
        Assert.EndsWith("-rid-1.0.0", entry.StorePath);
        Assert.EndsWith("-rid-linux-x64-1.0.0", entry.RuntimePackages["linux-x64"].StorePath);

        var lockAll = env.Build("-t:EnvLock");
        Assert.True(lockAll.ExitCode == 0, lockAll.ToString());
        Assert.Equal(["linux-x64", "osx-arm64"], LockFile.Load(env.LockFile).Find("rid", "any")!.RuntimePackages!.Keys);
    }

    [Fact]
    public void A_cleaned_store_is_refilled_from_the_download_cache_even_when_the_feed_lost_the_package()
    {
        using var env = new TestEnv(fixture);
        foreach (var nupkg in Directory.GetFiles(fixture.LaterFeed, "*.nupkg"))
            File.Copy(nupkg, Path.Combine(env.ExtraFeed, Path.GetFileName(nupkg)));
        env.WriteProject("""<Tool Include="hello" Package="Hello.Tool" Version="1.2.0" />""");
        Assert.Equal(0, env.Build().ExitCode);
        var lockText = File.ReadAllText(env.LockFile);

        foreach (var nupkg in Directory.GetFiles(env.ExtraFeed)) File.Delete(nupkg);
        Env.Core.Store.ReadOnlyTree.Delete(env.StoreDir);
        var rebuild = env.Build();
        Assert.True(rebuild.ExitCode == 0, rebuild.ToString());
        Assert.Equal(lockText, File.ReadAllText(env.LockFile));
        Assert.Equal("hello-dotnet 1.2.0 []", env.InShell("bash", "hello-dotnet").Output.Trim());

        // Without the cached copy either, the locked version is looked for by id and version, and its absence is an error.
        Env.Core.Store.ReadOnlyTree.Delete(env.StoreDir);
        Directory.Delete(env.CacheDir, recursive: true);
        var gone = env.Build();
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains("error ENV0407", gone.Output);
        Assert.Equal(lockText, File.ReadAllText(env.LockFile));
    }

    [Fact]
    public void Native_binaries_inside_a_package_are_exposed_by_Bin_and_made_executable()
    {
        using var env = new TestEnv(fixture);
        env.WriteProject("""<Tool Include="native" Package="Native.Hello" Version="2.0.0" Bin="tools/linux_x64/native-hello" />""");

        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Equal("native-hello 1 2", env.InShell("bash", "native-hello 1 2").Output.Trim());
        var entry = LockFile.Load(env.LockFile).Find("native", "any")!;
        Assert.False(File.Exists(Path.Combine(env.StoreDir, entry.StorePath, "[Content_Types].xml")), "packaging metadata is not package content");
    }

    [Fact]
    public void Floating_version_resolves_the_highest_match_and_stays_pinned_until_EnvUpdate()
    {
        using var env = new TestEnv(fixture);
        env.WriteProject("""<Tool Include="hello" Package="Hello.Tool" Version="1.*" />""");
        Assert.Equal(0, env.Build().ExitCode);
        Assert.Equal("1.1.0", LockFile.Load(env.LockFile).Find("hello", "any")!.Version);

        // A newer release appears; a plain build keeps the pinned version and asks no feed.
        foreach (var nupkg in Directory.GetFiles(fixture.LaterFeed, "*.nupkg"))
            File.Copy(nupkg, Path.Combine(env.ExtraFeed, Path.GetFileName(nupkg)));
        env.ForgetRestore();
        Assert.Equal(0, env.Build().ExitCode);
        Assert.Equal("1.1.0", LockFile.Load(env.LockFile).Find("hello", "any")!.Version);

        var update = env.Build("-t:EnvUpdate");
        Assert.True(update.ExitCode == 0, update.ToString());
        Assert.Equal("1.2.0", LockFile.Load(env.LockFile).Find("hello", "any")!.Version);
        Assert.Equal("hello-dotnet 1.2.0 []", env.InShell("bash", "hello-dotnet").Output.Trim());
    }

    [Fact]
    public void Changing_the_requested_version_re_resolves_that_tool()
    {
        using var env = new TestEnv(fixture);
        env.WriteProject("""<Tool Include="hello" Package="Hello.Tool" Version="1.0.*" />""");
        Assert.Equal(0, env.Build().ExitCode);
        Assert.Equal("1.0.0", LockFile.Load(env.LockFile).Find("hello", "any")!.Version);

        env.WriteProject("""<Tool Include="hello" Package="Hello.Tool" Version="1.1.0" />""");
        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Equal("1.1.0", LockFile.Load(env.LockFile).Find("hello", "any")!.Version);
        Assert.Equal("hello-dotnet 1.1.0 []", env.InShell("bash", "hello-dotnet").Output.Trim());
    }

    [Fact]
    public void Locked_mode_fails_when_env_proj_and_lock_disagree_and_CI_true_turns_it_on()
    {
        using var env = new TestEnv(fixture);
        env.WriteProject("""<Tool Include="hello" Package="Hello.Tool" Version="1.0.0" />""");
        Assert.Equal(0, env.Build().ExitCode);
        var lockText = File.ReadAllText(env.LockFile);

        env.WriteProject("""<Tool Include="hello" Package="Hello.Tool" Version="1.1.0" />""");
        var ci = env.Build(new Dictionary<string, string?> { ["CI"] = "true" });
        Assert.NotEqual(0, ci.ExitCode);
        Assert.Contains("error ENV0503", ci.Output);
        Assert.Contains("'hello'", ci.Output);
        Assert.Equal(lockText, File.ReadAllText(env.LockFile));

        var explicitLocked = env.Build("-p:EnvLockedMode=true");
        Assert.Contains("error ENV0503", explicitLocked.Output);

        env.WriteProject("""<Tool Include="hello" Package="Hello.Tool" Version="1.0.0" />""");
        env.ForgetRestore();
        var agreeing = env.Build(new Dictionary<string, string?> { ["CI"] = "true" });
        Assert.True(agreeing.ExitCode == 0, agreeing.ToString());
    }

    [Fact]
    public void The_shim_asks_dotnet_to_roll_forward_without_exporting_it_to_the_tool_and_its_children()
    {
        using var env = new TestEnv(fixture);
        env.WriteProject("""<Tool Include="hello" Package="Hello.Tool" Version="1.0.0" />""");
        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        // A dotnet that shows what the tool (and so its children) would see.
        var fakeRoot = Path.Combine(env.Root, "fake-dotnet");
        Directory.CreateDirectory(fakeRoot);
        File.WriteAllText(Path.Combine(fakeRoot, "dotnet"), "#!/bin/sh\necho \"RF=${DOTNET_ROLL_FORWARD-unset} $1 $2 $3\"\n");
        File.SetUnixFileMode(Path.Combine(fakeRoot, "dotnet"), (UnixFileMode)0b111_101_101);

        var unset = env.InShell("sh", "hello-dotnet", before: $"DOTNET_ROOT={fakeRoot}; export DOTNET_ROOT");
        Assert.Equal("RF=unset exec --roll-forward Major", unset.Output.Trim());

        var chosen = env.InShell("sh", "hello-dotnet", before: $"DOTNET_ROOT={fakeRoot}; DOTNET_ROLL_FORWARD=LatestMajor; export DOTNET_ROOT DOTNET_ROLL_FORWARD");
        Assert.StartsWith("RF=LatestMajor exec /", chosen.Output.Trim());
    }

    [Fact]
    public void The_profile_entry_is_named_after_the_folder_of_env_proj_unless_EnvName_is_set()
    {
        using var env = new TestEnv(fixture);
        env.WriteProject("""<Tool Include="hello" Package="Hello.Tool" Version="1.0.0" />""");
        Assert.Equal(0, env.Build().ExitCode);
        Assert.EndsWith("-repo-profile", Directory.ResolveLinkTarget(Path.Combine(env.ShellDir, "profile"), false)!.FullName);

        var property = Env.Sdk.Tests.ProcessRunner.Run("dotnet", ["msbuild", env.ProjectFile, "-nr:false", "-getProperty:EnvName"], env.ProjectDir, env.Environment());
        Assert.Equal("repo", property.Output.Trim());

        env.WriteProject("""<Tool Include="hello" Package="Hello.Tool" Version="1.0.0" />""", properties: "<EnvName>mine</EnvName>");
        Assert.Equal(0, env.Build().ExitCode);
        Assert.EndsWith("-mine-profile", Directory.ResolveLinkTarget(Path.Combine(env.ShellDir, "profile"), false)!.FullName);
    }
}
