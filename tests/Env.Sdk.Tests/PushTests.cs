using System.Security.Cryptography;

namespace Env.Sdk.Tests;

/// <summary>
/// `dotnet env push` and EnvSubstitute end to end: env A pushes its archives to a NuGet feed as content-addressed packages;
/// the upstream host then refuses everything; a fresh store and cache restore env A from the feed, a folder feed and the
/// same feed served over HTTP as a static NuGet v3 feed.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class PushTests(SdkFixture fixture)
{
    private static string Hex(string file) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));

    private static (TestEnv A, LoopbackFileServer Upstream, string Archive) BuiltEnvA(SdkFixture fixture)
    {
        var a = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(a.Root, "www"), "greeter-1.0.tar.gz", "greet", "from the feed");
        var upstream = new LoopbackFileServer(Path.Combine(a.Root, "www"));
        a.WriteProject($"""<Tool Include="greeter" Version="1.0" Url="{upstream.Url("greeter-1.0.tar.gz")}" Hash="{TestArchives.Sri(archive)}" />""");
        var build = a.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        return (a, upstream, archive);
    }

    /// <summary>A fresh machine's env: env A's project and lock, plus <paramref name="extraItems"/>.</summary>
    private TestEnv FreshCopyOf(TestEnv a, string extraItems)
    {
        var b = new TestEnv(fixture);
        File.WriteAllText(b.ProjectFile, File.ReadAllText(a.ProjectFile).Replace("<ItemGroup>", "<ItemGroup>\n" + extraItems));
        File.Copy(a.LockFile, b.LockFile, overwrite: true);
        return b;
    }

    [Fact]
    public void Pushed_to_a_folder_feed_env_A_restores_from_it_on_a_fresh_machine_while_upstream_refuses_everything()
    {
        var (a, upstream, archive) = BuiltEnvA(fixture);
        using var _ = a;
        using var __ = upstream;
        var feed = Path.Combine(a.Root, "team-feed");
        var push = a.DotnetEnv(["push", "--source", feed]);
        Assert.True(push.ExitCode == 0, push.ToString());
        Assert.Contains("1 archive package pushed", push.Stdout);
        var id = "EnvSdk.Archive.Sha256-" + Hex(archive);
        Assert.Contains($"as {id} to", push.Stderr);
        Assert.NotEmpty(Directory.GetFiles(feed, "*.nupkg", SearchOption.AllDirectories));
        // Again: a duplicate is skipped, not an error (the id can only hold this file).
        Assert.Equal(0, a.DotnetEnv(["push", "--source", feed]).ExitCode);

        upstream.FailNext = 1000;
        var before = upstream.Requests;
        using var b = FreshCopyOf(a, $"""    <EnvSubstitute Include="{feed}" />""");
        var build = b.Build("-v:n");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Equal(before, upstream.Requests);
        Assert.Contains($"Fetched greeter from substitute '{feed}' ({id})", build.Output);
        Assert.Equal(File.ReadAllText(a.LockFile), File.ReadAllText(b.LockFile));
        Assert.Equal("from the feed z", b.InShell("bash", "greet z").Output.Trim());
    }

    [Fact]
    public void The_pushed_feed_served_over_http_as_a_static_nuget_v3_feed_restores_a_fresh_machine()
    {
        var (a, upstream, archive) = BuiltEnvA(fixture);
        using var _ = a;
        using var __ = upstream;
        var folder = Path.Combine(a.Root, "pushed");
        Assert.Equal(0, a.DotnetEnv(["push", "--source", folder]).ExitCode);

        // A static v3 feed (what any web server or object store can host): index.json naming a flat container.
        var www = Path.Combine(a.Root, "nuget-www");
        using var server = new LoopbackFileServer(www);
        var id = ("EnvSdk.Archive.Sha256-" + Hex(archive)).ToLowerInvariant();
        var nupkg = Directory.GetFiles(folder, "*.nupkg", SearchOption.AllDirectories).Single();
        Directory.CreateDirectory(Path.Combine(www, "flat", id, "1.0.0"));
        File.Copy(nupkg, Path.Combine(www, "flat", id, "1.0.0", $"{id}.1.0.0.nupkg"));
        File.WriteAllText(Path.Combine(www, "flat", id, "index.json"), """{ "versions": [ "1.0.0" ] }""");
        File.WriteAllText(Path.Combine(www, "index.json"), $$"""
            { "version": "3.0.0", "resources": [ { "@id": "{{server.Url("flat/")}}", "@type": "PackageBaseAddress/3.0.0" } ] }
            """);

        upstream.FailNext = 1000;
        var before = upstream.Requests;
        using var b = FreshCopyOf(a, "");
        var build = b.Build(new Dictionary<string, string?> { ["ENVSDK_SUBSTITUTES"] = server.Url("index.json") }, "-v:n");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Equal(before, upstream.Requests);
        Assert.Contains($"Fetched greeter from substitute '{server.Url("index.json")}'", build.Output);
        Assert.Equal("from the feed w", b.InShell("bash", "greet w").Output.Trim());
    }

    [Fact]
    public void Pushed_with_an_api_key_to_an_http_nuget_server_env_A_restores_from_it_on_a_fresh_machine()
    {
        var (a, upstream, archive) = BuiltEnvA(fixture);
        using var _ = a;
        using var __ = upstream;
        // No NuGet server can be installed here: the least of one (service index, push endpoint, flat container) on loopback.
        using var server = new Env.Core.Tests.NuGet.PushableNuGetServer(apiKey: "team-key-789");
        void NameServer(TestEnv env)
        {
            var config = Path.Combine(env.ProjectDir, "nuget.config");
            File.WriteAllText(config, File.ReadAllText(config).Replace("  </packageSources>",
                $"    <add key=\"team-cache\" value=\"{server.IndexUrl}\" allowInsecureConnections=\"true\" />\n  </packageSources>"));
        }
        NameServer(a);
        var push = a.DotnetEnv(["push", "--source", "team-cache", "--api-key", "team-key-789"]);
        Assert.True(push.ExitCode == 0, push.ToString());
        Assert.Equal(["team-key-789"], server.KeysSeen);
        Assert.DoesNotContain("team-key-789", push.Stdout + push.Stderr);
        Assert.Equal(("EnvSdk.Archive.Sha256-" + Hex(archive) + "/1.0.0").ToLowerInvariant(), Assert.Single(server.Packages));

        upstream.FailNext = 1000;
        var before = upstream.Requests;
        using var b = FreshCopyOf(a, """    <EnvSubstitute Include="team-cache" />""");
        NameServer(b);
        var build = b.Build("-v:n");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Equal(before, upstream.Requests);
        Assert.Contains("Fetched greeter from substitute 'team-cache'", build.Output);
        Assert.Equal("from the feed v", b.InShell("bash", "greet v").Output.Trim());
    }
}
