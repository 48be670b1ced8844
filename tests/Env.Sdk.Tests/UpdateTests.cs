using Env.Core.Locking;

namespace Env.Sdk.Tests;

/// <summary>-t:EnvUpdate asks the feeds only about floating versions and downloads only what changed.</summary>
[Collection(SdkCollection.Name)]
public sealed class UpdateTests(SdkFixture fixture)
{
    [Fact]
    public void An_exact_pin_is_not_looked_up_and_an_unchanged_floating_version_is_not_downloaded_again()
    {
        using var env = new TestEnv(fixture);
        var feed = PrivateFeed(env, "Hello.Tool.1.0.0.nupkg", "Native.Hello.2.0.0.nupkg");
        env.WriteProject("""
            <Tool Include="hello" Package="Hello.Tool" Version="1.0.0" />
            <Tool Include="native" Package="Native.Hello" Version="2.*" Bin="tools/linux_x64/native-hello" />
            """);
        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        var lockText = File.ReadAllText(env.LockFile);

        // Were the exact pin looked up or downloaded, its absence from the feed would fail the update.
        File.Delete(Path.Combine(feed, "Hello.Tool.1.0.0.nupkg"));
        var update = env.Build("-t:EnvUpdate");
        Assert.True(update.ExitCode == 0, update.ToString());
        Assert.DoesNotContain("Downloaded", update.Output);
        Assert.Equal(lockText, File.ReadAllText(env.LockFile));

        // The floating one was asked about: a feed that lost it fails the update.
        File.Delete(Path.Combine(feed, "Native.Hello.2.0.0.nupkg"));
        var lost = env.Build("-t:EnvUpdate");
        Assert.NotEqual(0, lost.ExitCode);
        Assert.Contains("ENV0403", lost.Output);
    }

    [Fact]
    public void EnvUpdateTools_updates_only_the_tools_named()
    {
        using var env = new TestEnv(fixture);
        var feed = PrivateFeed(env, "Hello.Tool.1.0.0.nupkg", "Native.Hello.2.0.0.nupkg");
        env.WriteProject("""
            <Tool Include="hello" Package="Hello.Tool" Version="1.*" />
            <Tool Include="native" Package="Native.Hello" Version="2.*" Bin="tools/linux_x64/native-hello" />
            """);
        Assert.Equal(0, env.Build().ExitCode);
        Assert.Equal("1.0.0", LockFile.Load(env.LockFile).Find("hello", "any")!.Version);
        File.Copy(Path.Combine(fixture.ToolFeed, "Hello.Tool.1.1.0.nupkg"), Path.Combine(feed, "Hello.Tool.1.1.0.nupkg"));

        var other = env.Build("-t:EnvUpdate", "-p:EnvUpdateTools=native");
        Assert.True(other.ExitCode == 0, other.ToString());
        Assert.Equal("1.0.0", LockFile.Load(env.LockFile).Find("hello", "any")!.Version);

        var hello = env.Build("-t:EnvUpdate", "-p:EnvUpdateTools=hello");
        Assert.True(hello.ExitCode == 0, hello.ToString());
        Assert.Contains("hello: 1.0.0 → 1.1.0", hello.Output);
        Assert.Contains("Downloaded Hello.Tool 1.1.0", hello.Output);
        Assert.DoesNotContain("Downloaded Native.Hello", hello.Output);
        Assert.Equal("1.1.0", LockFile.Load(env.LockFile).Find("hello", "any")!.Version);
        Assert.Equal("hello-dotnet 1.1.0 []", env.InShell("bash", "hello-dotnet").Output.Trim());

        var unknown = env.Build("-t:EnvUpdate", "-p:EnvUpdateTools=helo");
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("error ENV0038", unknown.Output);
    }

    /// <summary>A feed of this test's own, the only tool source its nuget.config names.</summary>
    private string PrivateFeed(TestEnv env, params string[] packages)
    {
        var feed = Path.Combine(env.Root, "private-feed");
        Directory.CreateDirectory(feed);
        foreach (var name in packages) File.Copy(Path.Combine(fixture.ToolFeed, name), Path.Combine(feed, name));
        File.WriteAllText(Path.Combine(env.ProjectDir, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="sdk" value="{fixture.SdkFeed}" />
                <add key="private" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        return feed;
    }
}
