using System.Security.Cryptography;

namespace Env.Sdk.Tests;

/// <summary>
/// Hashed mirrors through the real `dotnet build` and the installed `dotnet env`: EnvMirror items and ENVSDK_MIRRORS are
/// tried before an archive's URL, so a build keeps working when the upstream host is down; `dotnet env mirror export`
/// writes the layout a static server then serves.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class MirrorTests(SdkFixture fixture)
{
    private static string Hex(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));

    [Fact]
    public void An_EnvMirror_item_serves_the_archive_while_the_upstream_host_is_down()
    {
        using var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "www"), "greeter-1.0.tar.gz", "greet", "hello from the mirror");
        var mirrorDir = Path.Combine(env.Root, "mirror");
        Directory.CreateDirectory(Path.Combine(mirrorDir, "team", "sha256"));
        File.Copy(archive, Path.Combine(mirrorDir, "team", "sha256", Hex(archive)));
        using var upstream = new LoopbackFileServer(Path.Combine(env.Root, "www")) { FailNext = 1000 };
        using var mirror = new LoopbackFileServer(mirrorDir);
        env.WriteProject($"""
                <EnvMirror Include="{mirror.Url("empty")}" />
                <EnvMirror Include="{mirror.Url("team/")}" />
                <Tool Include="greeter" Version="1.0" Url="{upstream.Url("greeter-1.0.tar.gz")}" Hash="{TestArchives.Sri(archive)}" />
            """);

        var build = env.Build("-v:n");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Equal(0, upstream.Requests);
        Assert.Equal(2, mirror.Requests); // the first mirror missed, the second served
        Assert.Contains($"Fetched greeter from hashed mirror {mirror.Url("team/")}", build.Output);
        Assert.Equal("hello from the mirror x", env.InShell("bash", "greet x").Output.Trim());
    }

    [Fact]
    public void Mirror_export_then_ENVSDK_MIRRORS_restores_a_fresh_machine_without_upstream_and_shows_no_credentials()
    {
        using var a = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(a.Root, "www"), "greeter-1.0.tar.gz", "greet", "exported");
        var zip = TestArchives.ZipTool(Path.Combine(a.Root, "www"), "other-2.0.zip", "other-cmd", "other");
        using var upstream = new LoopbackFileServer(Path.Combine(a.Root, "www"));
        a.WriteProject($"""
                <Tool Include="greeter" Version="1.0" Url="{upstream.Url("greeter-1.0.tar.gz")}" Hash="{TestArchives.Sri(archive)}" />
                <Tool Include="other" Version="2.0" Url="{upstream.Url("other-2.0.zip")}" Hash="{TestArchives.Sri(zip)}" Bin="other-cmd" Rid="linux-x64" />
                <Tool Include="other" Version="2.0" Url="{upstream.Url("other-2.0.zip")}" Hash="{TestArchives.Sri(zip)}" Bin="other-cmd" Rid="osx-arm64" />
            """);
        Assert.Equal(0, a.Build().ExitCode);

        var dir = Path.Combine(a.Root, "exported");
        var export = a.DotnetEnv(["mirror", "export", dir]);
        Assert.True(export.ExitCode == 0, export.ToString());
        Assert.Contains("2 written, 0 already there", export.Stdout);
        Assert.Equal(new[] { Hex(archive), Hex(zip) }.Order(), Directory.GetFiles(Path.Combine(dir, "sha256")).Select(Path.GetFileName).Order());
        Assert.Equal(File.ReadAllBytes(archive), File.ReadAllBytes(Path.Combine(dir, "sha256", Hex(archive))));
        Assert.Contains("0 written, 2 already there", a.DotnetEnv(["mirror", "export", dir]).Stdout);

        // Another machine: its own store and cache, the upstream host down, the export served by a plain static server.
        using var b = new TestEnv(fixture);
        File.Copy(a.ProjectFile, b.ProjectFile, overwrite: true);
        File.Copy(a.LockFile, b.LockFile, overwrite: true);
        upstream.FailNext = 1000;
        var before = upstream.Requests;
        using var mirror = new LoopbackFileServer(dir);
        var withSecret = mirror.Url("").Replace("http://", "http://ci-user:s3cret-pass@");
        var build = b.Build(new Dictionary<string, string?> { ["ENVSDK_MIRRORS"] = $"http://127.0.0.1:9/down {withSecret}" }, "-v:d");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Equal(before, upstream.Requests);
        Assert.Contains("Fetched greeter from hashed mirror http://***@127.0.0.1", build.Output);
        Assert.DoesNotContain("s3cret", build.Output);
        Assert.DoesNotContain("s3cret", File.ReadAllText(b.LockFile));
        Assert.Equal(File.ReadAllText(a.LockFile), File.ReadAllText(b.LockFile));
        Assert.Equal("exported y", b.InShell("bash", "greet y").Output.Trim());
    }

    [Fact]
    public void Mirror_export_without_a_lock_says_to_build_first()
    {
        using var env = new TestEnv(fixture);
        env.WriteProject("""<EnvVar Include="X" Value="1" />""");
        var export = env.DotnetEnv(["mirror", "export", Path.Combine(env.Root, "m")]);
        Assert.Equal(1, export.ExitCode);
        Assert.StartsWith("ENV0740: ", export.Stderr);
    }
}
