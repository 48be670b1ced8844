using System.Diagnostics;
using Env.Core.Tests;
using Newtonsoft.Json.Linq;

namespace Env.Sdk.Tests;

/// <summary>
/// `dotnet env gc` on a store real builds filled: a deleted checkout's tools freed, another env's and a home generation's
/// kept, and gc looping while a build downloads and links its tools.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class GcTests(SdkFixture fixture)
{
    /// <summary>An env with one archive tool, served from a loopback HTTP server for as long as the env lives.</summary>
    private static (TestEnv Env, LoopbackFileServer Server) ArchiveEnv(SdkFixture fixture, string tool, string? storeDir = null)
    {
        var env = new TestEnv(fixture, storeDir);
        var www = Path.Combine(env.Root, "www");
        var archive = TestArchives.TarGzTool(www, $"{tool}-1.0.tar.gz", tool, $"hello from {tool}");
        var server = new LoopbackFileServer(www);
        env.WriteProject($"""<Tool Include="{tool}" Version="1.0" Url="{server.Url($"{tool}-1.0.tar.gz")}" Hash="{TestArchives.Sri(archive)}" />""");
        return (env, server);
    }

    private static string EntryOf(TestEnv env, string tool) => (string)JObject.Parse(File.ReadAllText(env.LockFile))["tools"]![tool]!["any"]!["storePath"]!;

    private static string ProfileOf(TestEnv env) => Path.GetFileName(new DirectoryInfo(Path.Combine(env.ShellDir, "profile")).LinkTarget!);

    [Fact]
    public void Deleting_a_checkout_lets_gc_free_its_tools_and_keeps_another_envs()
    {
        var (gone, goneServer) = ArchiveEnv(fixture, "alpha");
        using var goneEnv = gone;
        using var goneServed = goneServer;
        var (kept, keptServer) = ArchiveEnv(fixture, "beta", gone.StoreDir);
        using var keptEnv = kept;
        using var keptServed = keptServer;
        Assert.True(gone.Build().ExitCode == 0);
        var build = kept.Build();
        Assert.True(build.ExitCode == 0, build.Output);
        var alpha = EntryOf(gone, "alpha");
        var goneProfile = ProfileOf(gone);
        var beta = EntryOf(kept, "beta");
        var keptProfile = ProfileOf(kept);

        // Both checkouts exist: nothing to collect.
        var none = kept.DotnetEnv(["gc"]);
        Assert.True(none.ExitCode == 0, none.ToString());
        Assert.Contains("Freed 0 B: 0 store entries removed", none.Stdout);

        TempDir.ForceDelete(gone.ProjectDir);
        var dry = kept.DotnetEnv(["gc", "--dry-run"]);
        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Contains($"would remove {Path.Combine(gone.StoreDir, alpha)}", dry.Stdout);
        Assert.Contains($"would remove {Path.Combine(gone.StoreDir, goneProfile)}", dry.Stdout);
        Assert.True(Directory.Exists(Path.Combine(gone.StoreDir, alpha)));

        var gc = kept.DotnetEnv(["gc"]);
        Assert.True(gc.ExitCode == 0, gc.ToString());
        Assert.Contains($"removed {Path.Combine(gone.StoreDir, alpha)}", gc.Stdout);
        Assert.Contains($"dropped root ", gc.Stdout);
        Assert.Contains("2 store entries removed", gc.Stdout);
        Assert.False(Directory.Exists(Path.Combine(gone.StoreDir, alpha)));
        Assert.False(Directory.Exists(Path.Combine(gone.StoreDir, goneProfile)));
        Assert.True(Directory.Exists(Path.Combine(kept.StoreDir, beta)));
        Assert.True(Directory.Exists(Path.Combine(kept.StoreDir, keptProfile)));
        var shell = kept.InShell("bash", "beta works");
        Assert.True(shell.ExitCode == 0 && shell.Output.Contains("hello from beta works"), shell.Output);

        // A second collection finds nothing more.
        Assert.Contains("0 store entries removed", kept.DotnetEnv(["gc"]).Stdout);
    }

    [Fact]
    public void A_home_generation_keeps_its_tools_after_its_checkout_is_gone()
    {
        using var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "dl"), "greet-1.0.tar.gz", "greet", "hi");
        env.WriteProject($"""
            <Tool Include="greet" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" />
            <HomeFile Include=".config/x/conf" Text="one" />
            """, "<EnvKind>Home</EnvKind>");
        var switched = env.DotnetEnv(["switch"]);
        Assert.True(switched.ExitCode == 0, switched.ToString());
        var greet = EntryOf(env, "greet");
        var generation = Path.GetFileName(new DirectoryInfo(Path.Combine(env.StateDir, "home", "generations", "1-link")).LinkTarget!);
        Assert.True(Directory.Exists(Path.Combine(env.StoreDir, generation)));

        TempDir.ForceDelete(env.ProjectDir);
        var gc = env.DotnetEnv(["gc"], workingDirectory: env.Home);
        Assert.True(gc.ExitCode == 0, gc.ToString());
        Assert.Contains("dropped root ", gc.Stdout); // the checkout's .envsdk/profile and result
        Assert.True(Directory.Exists(Path.Combine(env.StoreDir, generation)));
        Assert.True(Directory.Exists(Path.Combine(env.StoreDir, greet)));
        Assert.Equal("one", File.ReadAllText(Path.Combine(env.Home, ".config", "x", "conf")));
    }

    [Fact]
    public void Gc_looping_while_a_build_downloads_and_links_never_takes_what_the_build_needs()
    {
        using var env = new TestEnv(fixture);
        var served = Path.Combine(env.Root, "www");
        var tools = new[] { "one", "two", "three" };
        var archives = tools.Select(t => TestArchives.TarGzTool(served, $"{t}-1.0.tar.gz", t, $"hello from {t}", paddingBytes: 1 << 20)).ToList();
        using var server = new LoopbackFileServer(served) { Throttle = 1 << 20 };
        env.WriteProject(string.Concat(tools.Select((t, i) => $"""<Tool Include="{t}" Version="1.0" Url="{server.Url($"{t}-1.0.tar.gz")}" Hash="{TestArchives.Sri(archives[i])}" />""" + "\n")));

        using var build = env.StartBuild(out var output);
        var collections = 0;
        while (!build.HasExited)
        {
            var gc = env.DotnetEnv(["gc"]);
            Assert.True(gc.ExitCode == 0, gc.ToString());
            collections++;
        }
        build.WaitForExit();
        Assert.True(build.ExitCode == 0, output.ToString());
        Assert.True(collections >= 2, $"only {collections} collections ran during the build");
        var after = env.DotnetEnv(["gc"]);
        Assert.Contains("0 store entries removed", after.Stdout);
        var shell = env.InShell("bash", "one a && two b && three c");
        Assert.True(shell.ExitCode == 0, shell.Output);
        Assert.Contains("hello from three c", shell.Output);
    }
}
