using System.Diagnostics;
using System.Text;
using Env.Core.Locking;
using Env.Core.Nix;

namespace Env.Sdk.Tests;

/// <summary>
/// The real `dotnet build` killed at the worst moments, and run twice at once: what is left behind must
/// never be a half-written store entry or a stray temporary file once the next build has run.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class FaultTests(SdkFixture fixture)
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMinutes(2);

    [Fact]
    public void Build_killed_mid_download_is_recovered_by_the_next_build_without_leftovers()
    {
        using var env = new TestEnv(fixture);
        var www = Path.Combine(env.Root, "www");
        var archive = TestArchives.TarGzTool(www, "slow-1.0.tar.gz", "slow", "slow tool", paddingBytes: 4 << 20);
        using var server = new LoopbackFileServer(www) { Throttle = 256 << 10 };
        env.WriteProject($"""<Tool Include="slow" Version="1.0" Url="{server.Url("slow-1.0.tar.gz")}" Hash="{TestArchives.Sri(archive)}" />""");
        var downloads = Path.Combine(env.CacheDir, "downloads");

        using (var build = env.StartBuild(out var output))
        {
            try
            {
                // Well into the body: the response started and the fetcher is writing its temporary file.
                WaitFor(build, output, "the download to be under way",
                    () => server.BytesSent > 64 << 10 && TempDownloads(downloads).Any(f => new FileInfo(f).Length > 0));
            }
            finally
            {
                KillTree(build);
            }
        }
        Assert.NotEmpty(TempDownloads(downloads)); // what the kill left: a partial download
        Assert.False(File.Exists(env.LockFile), "nothing was recorded for a tool that was never installed");

        server.Throttle = 0;
        var rebuild = env.Build();
        Assert.True(rebuild.ExitCode == 0, rebuild.ToString());
        Assert.Equal("slow tool ok", env.InShell("sh", "slow ok").Output.Trim());

        Assert.Empty(TempDownloads(downloads));
        Assert.Empty(StoreStaging(env.StoreDir));
        var locked = LockFile.Load(env.LockFile).Find("slow", "any")!;
        Assert.Equal([locked.StorePath], ToolEntries(env.StoreDir, "slow"));
        Assert.True(File.Exists(Path.Combine(downloads, "sha256-" + Convert.ToHexStringLower(Convert.FromBase64String(TestArchives.Sri(archive)["sha256-".Length..])))));
    }

    [Fact]
    public void Build_killed_mid_unpack_leaves_no_half_written_entry_and_the_next_build_succeeds()
    {
        using var env = new TestEnv(fixture);
        var www = Path.Combine(env.Root, "www");
        // Large and incompressible, so unpacking and hashing take long enough to be caught in the act.
        var archive = TestArchives.TarGzTool(www, "big-1.0.tar.gz", "big", "big tool", paddingBytes: 160 << 20);
        using var server = new LoopbackFileServer(www);
        env.WriteProject($"""<Tool Include="big" Version="1.0" Url="{server.Url("big-1.0.tar.gz")}" Hash="{TestArchives.Sri(archive)}" />""");
        var staging = Path.Combine(env.StoreDir, ".tmp");

        using (var build = env.StartBuild(out var output))
        {
            try
            {
                WaitFor(build, output, "a staging folder in the store", () => StoreStaging(env.StoreDir).Length > 0);
            }
            finally
            {
                KillTree(build);
            }
        }
        Assert.NotEmpty(StoreStaging(env.StoreDir)); // killed while unpacking: the staging is still there

        // Whatever the kill left under a tool's name must be complete: the rename into place is the commit point.
        var survivors = ToolEntries(env.StoreDir, "big").ToDictionary(e => e, e => NarSri(Path.Combine(env.StoreDir, e)));

        var rebuild = env.Build();
        Assert.True(rebuild.ExitCode == 0, rebuild.ToString());
        var locked = LockFile.Load(env.LockFile).Find("big", "any")!;
        Assert.Equal([locked.StorePath], ToolEntries(env.StoreDir, "big"));
        foreach (var (name, nar) in survivors)
        {
            Assert.Equal(locked.StorePath, name);
            Assert.Equal(locked.NarHash, nar);
        }
        Assert.Equal(locked.NarHash, NarSri(Path.Combine(env.StoreDir, locked.StorePath)));
        Assert.Empty(StoreStaging(env.StoreDir)); // the dead build's staging was swept
        Assert.Empty(TempDownloads(Path.Combine(env.CacheDir, "downloads")));
        Assert.Equal("big tool ok", env.InShell("sh", "big ok").Output.Trim());
    }

    [Fact]
    public void Build_killed_while_writing_the_profile_is_swept_by_the_next_build_even_when_restore_is_up_to_date()
    {
        using var env = new TestEnv(fixture);
        var archive = TestArchives.ZipTool(Path.Combine(env.Root, "dl"), "prof.zip", "prof", "prof says");
        env.WriteProject($"""<Tool Include="prof" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" Bin="prof" />""");
        var first = env.Build();
        Assert.True(first.ExitCode == 0, first.ToString());

        // What a kill inside _EnvGenerateShell leaves (too short a window to hit with a real kill): the restore
        // stamp written, the build stamp not, and the profile's staging of a process that is gone.
        foreach (var stamp in Directory.GetFiles(env.ShellDir, ".build-*.stamp")) File.Delete(stamp);
        using (var gone = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!)
        {
            gone.WaitForExit();
            var staging = Path.Combine(env.StoreDir, ".tmp", $"{gone.Id}-{Guid.NewGuid():N}-repo-profile");
            Directory.CreateDirectory(Path.Combine(staging, "bin"));
        }

        var rebuild = env.Build("-v:n");
        Assert.True(rebuild.ExitCode == 0, rebuild.ToString());
        Assert.Contains("Skipping target \"_EnvRestore\"", rebuild.Output);
        Assert.Empty(StoreStaging(env.StoreDir));
        Assert.Equal("prof says x", env.InShell("sh", "prof x").Output.Trim());
    }

    [Fact]
    public void Two_envs_sharing_a_store_built_at_the_same_time_both_succeed_with_one_entry_for_the_tool()
    {
        using var first = new TestEnv(fixture);
        using var second = new TestEnv(fixture, storeDir: first.StoreDir);
        var www = Path.Combine(first.Root, "www");
        var archive = TestArchives.TarGzTool(www, "shared-1.0.tar.gz", "shared", "shared tool", paddingBytes: 16 << 20);
        // Slow at first, so that both builds are mid-download together; then both race to unpack and add.
        using var server = new LoopbackFileServer(www) { Throttle = 128 << 10 };
        var tool = $"""<Tool Include="shared" Version="1.0" Url="{server.Url("shared-1.0.tar.gz")}" Hash="{TestArchives.Sri(archive)}" />""";
        first.WriteProject(tool);
        second.WriteProject(tool);
        // One download cache too, so the two also race to commit the same download.
        var sharedCache = new Dictionary<string, string?> { ["ENVSDK_CACHE"] = first.CacheDir };

        BothSucceed(server, (out StringBuilder o) => first.StartBuild(out o, sharedCache), (out StringBuilder o) => second.StartBuild(out o, sharedCache));

        Assert.Equal(2, server.Requests);
        var lockA = LockFile.Load(first.LockFile).Find("shared", "any")!;
        var lockB = LockFile.Load(second.LockFile).Find("shared", "any")!;
        Assert.Equal(lockA.StorePath, lockB.StorePath);
        Assert.Equal([lockA.StorePath], ToolEntries(first.StoreDir, "shared"));
        Assert.Single(Directory.GetDirectories(first.StoreDir, "*-repo-profile")); // same commands, same profile entry
        Assert.Empty(StoreStaging(first.StoreDir));
        Assert.Empty(TempDownloads(Path.Combine(first.CacheDir, "downloads")));
        Assert.Equal("shared tool a", first.InShell("sh", "shared a").Output.Trim());
        Assert.Equal("shared tool b", second.InShell("bash", "shared b").Output.Trim());
    }

    [Fact]
    public void Two_builds_of_the_same_env_at_the_same_time_both_succeed_and_agree_and_download_once()
    {
        using var env = new TestEnv(fixture);
        var www = Path.Combine(env.Root, "www");
        var archive = TestArchives.TarGzTool(www, "twice-1.0.tar.gz", "twice", "twice tool", paddingBytes: 8 << 20);
        using var server = new LoopbackFileServer(www) { Throttle = 128 << 10 };
        env.WriteProject($"""<Tool Include="twice" Version="1.0" Url="{server.Url("twice-1.0.tar.gz")}" Hash="{TestArchives.Sri(archive)}" />""");

        // One restore of an env at a time (RestoreGate): whichever build comes second waits, mid-download of the
        // first, and says so; then it finds the lock and the store written.
        var waiting = $"which is restoring {env.LockFile}, to finish";
        var (a, b) = BothSucceed(server, (out StringBuilder o) => env.StartBuild(out o), (out StringBuilder o) => env.StartBuild(out o),
            "one build to download and the other to wait for it", (x, y) => server.Requests >= 1 && (x.Contains(waiting) || y.Contains(waiting)));

        Assert.Equal(1, server.Requests);
        Assert.True(a.Contains(waiting) != b.Contains(waiting), "exactly one build waited:\n" + a + "\n" + b);
        Assert.Contains("Waiting for process ", a.Contains(waiting) ? a : b);
        var locked = LockFile.Load(env.LockFile).Find("twice", "any")!;
        Assert.Equal([locked.StorePath], ToolEntries(env.StoreDir, "twice"));
        Assert.Single(Directory.GetDirectories(env.StoreDir, "*-repo-profile"));
        Assert.Empty(StoreStaging(env.StoreDir));
        Assert.Empty(TempDownloads(Path.Combine(env.CacheDir, "downloads")));
        Assert.Empty(Directory.GetFileSystemEntries(env.ProjectDir, "*.tmp-*", SearchOption.AllDirectories));
        Assert.Equal("twice tool ok", env.InShell("sh", "twice ok").Output.Trim());

        var again = env.Build("-v:n");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("Skipping target \"_EnvRestore\"", again.Output);
    }

    /// <summary>Polls until <paramref name="condition"/> holds; fails, with the build's output, if the build ends first or it takes too long.</summary>
    private static void WaitFor(Process build, StringBuilder output, string what, Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (build.HasExited)
                Assert.Fail($"The build ended (exit {build.ExitCode}) before {what}:\n{Text(output)}");
            if (clock.Elapsed > PollTimeout)
                Assert.Fail($"Timed out after {PollTimeout.TotalSeconds:0}s waiting for {what}:\n{Text(output)}");
            Thread.Sleep(10);
        }
    }

    /// <summary>SIGKILL to the build and everything it started, as a crash or an OOM kill would; then reaps it.</summary>
    private static void KillTree(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { } // exited meanwhile
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            throw new TimeoutException($"Process {process.Id} did not exit after SIGKILL.");
        process.WaitForExit();
    }

    private static string Text(StringBuilder output)
    {
        lock (output) return output.ToString();
    }

    private static string[] TempDownloads(string downloadsDir) =>
        Directory.Exists(downloadsDir) ? Directory.GetFiles(downloadsDir, ".tmp-*") : [];

    private static string[] StoreStaging(string storeDir)
    {
        var tmp = Path.Combine(storeDir, ".tmp");
        return Directory.Exists(tmp) ? Directory.GetFileSystemEntries(tmp) : [];
    }

    /// <summary>Store entries named &lt;hash&gt;-&lt;tool&gt;-&lt;version&gt;.</summary>
    private static string[] ToolEntries(string storeDir, string tool) =>
        Directory.Exists(storeDir)
            ? Directory.GetDirectories(storeDir, $"*-{tool}-*").Select(d => Path.GetFileName(d)).Order(StringComparer.Ordinal).ToArray()
            : [];

    private static string NarSri(string path) => new ContentHash(HashAlgorithmKind.Sha256, NarHasher.Sha256(path)).ToSri();

    private delegate Process BuildStarter(out StringBuilder output);

    /// <summary>
    /// Starts two builds against a throttled server, waits until <paramref name="ready"/> holds of their outputs (by
    /// default: both mid-download), then lifts the throttle so they race to commit the download, unpack and add; both
    /// must succeed. Kills both trees whatever happens. Returns both outputs.
    /// </summary>
    private static (string A, string B) BothSucceed(LoopbackFileServer server, BuildStarter startA, BuildStarter startB,
        string what = "both builds to be downloading", Func<string, string, bool>? ready = null)
    {
        Process? a = null, b = null;
        try
        {
            a = startA(out var outputA);
            b = startB(out var outputB);
            ready ??= (_, _) => server.Requests >= 2;
            WaitFor(a, outputA, what, () => ready(Text(outputA), Text(outputB)) || b.HasExited);
            server.Throttle = 0;

            Assert.True(a.WaitForExit(PollTimeout) && b.WaitForExit(PollTimeout), "the builds finish");
            a.WaitForExit();
            b.WaitForExit();
            Assert.True(a.ExitCode == 0, Text(outputA));
            Assert.True(b.ExitCode == 0, Text(outputB));
            return (Text(outputA), Text(outputB));
        }
        finally
        {
            if (a is not null) KillTree(a);
            if (b is not null) KillTree(b);
            a?.Dispose();
            b?.Dispose();
        }
    }
}
