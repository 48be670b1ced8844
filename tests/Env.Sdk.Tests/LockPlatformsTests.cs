using Env.Core.Locking;

namespace Env.Sdk.Tests;

/// <summary>
/// A lock for a team on several platforms: a locked build where the lock lacks this platform's package points at
/// -t:EnvLock, and -t:EnvLock locks what it can for the platforms asked (EnvLockRuntimeIdentifiers), warning per platform.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class LockPlatformsTests(SdkFixture fixture)
{
    [Fact]
    public void A_locked_build_on_a_platform_the_lock_lacks_says_ENV0503_and_names_EnvLock()
    {
        using var env = new TestEnv(fixture);
        env.WriteProject("""<Tool Include="rid" Package="Rid.Tool" Version="1.0.0" />""");
        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        var lockText = File.ReadAllText(env.LockFile);

        // The same lock on a Mac in CI.
        var mac = env.Build(new Dictionary<string, string?> { ["CI"] = "true" }, "-p:EnvRuntimeIdentifier=osx-arm64", "-p:EnvShellDir=" + Path.Combine(env.Root, "mac-shell"));
        Assert.NotEqual(0, mac.ExitCode);
        Assert.Contains("error ENV0503", mac.Output);
        Assert.Contains("-t:EnvLock", mac.Output);
        Assert.Contains("osx-arm64", mac.Output);
        Assert.DoesNotContain("ENV0504", mac.Output);
        Assert.Equal(lockText, File.ReadAllText(env.LockFile));

        // After -t:EnvLock the Mac's locked build restores.
        var lockAll = env.Build("-t:EnvLock");
        Assert.True(lockAll.ExitCode == 0, lockAll.ToString());
        var again = env.Build(new Dictionary<string, string?> { ["CI"] = "true" }, "-p:EnvRuntimeIdentifier=osx-arm64", "-t:Restore");
        Assert.True(again.ExitCode == 0, again.ToString());
    }

    [Fact]
    public void EnvLock_locks_what_it_can_and_warns_per_platform_about_the_rest()
    {
        using var env = new TestEnv(fixture);
        // A feed where the osx-arm64 package of Rid.Tool is missing.
        var feed = Path.Combine(env.Root, "partial-feed");
        Directory.CreateDirectory(feed);
        foreach (var name in new[] { "Rid.Tool.1.0.0.nupkg", "Rid.Tool.linux-x64.1.0.0.nupkg" })
            File.Copy(Path.Combine(fixture.ToolFeed, name), Path.Combine(feed, name));
        File.WriteAllText(Path.Combine(env.ProjectDir, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="sdk" value="{fixture.SdkFeed}" />
                <add key="partial" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        env.WriteProject("""<Tool Include="rid" Package="Rid.Tool" Version="1.0.0" />""", "<EnvLockRuntimeIdentifiers>linux-x64;osx-arm64;win-x64</EnvLockRuntimeIdentifiers>");

        var lockAll = env.Build("-t:EnvLock");
        Assert.True(lockAll.ExitCode == 0, lockAll.ToString());
        var warnings = lockAll.Output.Split('\n').Where(l => l.Contains("warning ENV0510")).Distinct().ToList();
        Assert.Contains(warnings, w => w.Contains("does not cover osx-arm64") && w.Contains("Rid.Tool.osx-arm64"));
        Assert.Contains(warnings, w => w.Contains("does not cover win-x64") && w.Contains("offers no package"));
        Assert.DoesNotContain(warnings, w => w.Contains("does not cover linux-x64"));
        Assert.Equal(["linux-x64"], LockFile.Load(env.LockFile).Find("rid", "any")!.RuntimePackages!.Keys);
    }

    [Fact]
    public void EnvLock_pins_only_the_platforms_asked_for()
    {
        using var env = new TestEnv(fixture);
        env.WriteProject("""<Tool Include="rid" Package="Rid.Tool" Version="1.0.0" />""", "<EnvLockRuntimeIdentifiers>linux-x64</EnvLockRuntimeIdentifiers>");
        var lockAll = env.Build("-t:EnvLock");
        Assert.True(lockAll.ExitCode == 0, lockAll.ToString());
        Assert.DoesNotContain("ENV0510", lockAll.Output);
        Assert.Equal(["linux-x64"], LockFile.Load(env.LockFile).Find("rid", "any")!.RuntimePackages!.Keys);
    }
}
