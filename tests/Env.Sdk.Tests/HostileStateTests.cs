using System.Diagnostics;
using Newtonsoft.Json.Linq;

namespace Env.Sdk.Tests;

/// <summary>
/// Issue 16, items 13 and 20, through the installed dotnet-env and real builds: state files are read as hostile (a fifo
/// or a link to /dev/zero is a coded error at once, never a hang or a crash), a run lock key is bound to its entry, and a
/// fifo as a tool's Url cannot hang a build.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class HostileStateTests(SdkFixture fixture)
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(90);

    private static string RunLock(TestEnv env) => Path.Combine(env.StateDir, "run-lock.json");

    private static void MakeFifo(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var mkfifo = Process.Start("mkfifo", [path])!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    private static SplitResult DotnetEnv(TestEnv env, params string[] args) =>
        ProcessRunner.RunSplit(env.DotnetEnvPath, args, env.ProjectDir, env.Environment(), timeout: Quick);

    [Fact]
    public void A_fifo_or_a_link_to_dev_zero_as_the_run_lock_is_a_coded_error_not_a_hang()
    {
        using var env = new TestEnv(fixture);
        MakeFifo(RunLock(env));
        var fifo = DotnetEnv(env, "run", "Hello.Tool@1.0.0");
        Assert.Equal(1, fifo.ExitCode);
        Assert.Matches("(?m)^ENV0751: .*fifo", fifo.Stderr);
        // The full verb (an option sends it there) reads it the same way.
        var full = DotnetEnv(env, "run", "-q", "Hello.Tool@1.0.0");
        Assert.Matches("(?m)^ENV0751: .*fifo", full.Stderr);

        File.Delete(RunLock(env));
        File.CreateSymbolicLink(RunLock(env), "/dev/zero");
        var zero = DotnetEnv(env, "run", "Hello.Tool@1.0.0");
        Assert.Equal(1, zero.ExitCode);
        Assert.Matches("(?m)^ENV0751: .*symbolic link", zero.Stderr);
        var repair = DotnetEnv(env, "verify", "--repair");
        Assert.DoesNotContain("OutOfMemory", repair.Stderr);
    }

    [Fact]
    public void A_run_lock_entry_under_another_key_or_a_key_twice_is_refused()
    {
        using var env = new TestEnv(fixture);
        Assert.Equal(0, env.DotnetEnv(["run", "Hello.Tool@1.0.0", "--", "x"]).ExitCode);
        Assert.Equal(0, env.DotnetEnv(["run", "Native.Hello@2.0.0#native-hello", "--", "x"]).ExitCode);
        var original = File.ReadAllText(RunLock(env));
        var json = JObject.Parse(original);
        var hello = json["runs"]!["hello.tool@1.0.0"]!.ToString();
        var native = json["runs"]!["native.hello@2.0.0#native-hello"]!.ToString();

        // Another pinned tool filed under csharpier's (here Hello.Tool's) key.
        json["runs"]!["hello.tool@1.0.0"] = JToken.Parse(native);
        File.WriteAllText(RunLock(env), json.ToString());
        foreach (var args in new[] { new[] { "run", "Hello.Tool@1.0.0" }, ["run", "-q", "Hello.Tool@1.0.0"] })
        {
            var swapped = DotnetEnv(env, args);
            Assert.Equal(1, swapped.ExitCode);
            Assert.Matches("(?m)^ENV0751: .*hello.tool@1.0.0.*Native.Hello", swapped.Stderr);
            Assert.DoesNotContain("native-hello", swapped.Stdout);
        }

        // The key twice: the second would win.
        File.WriteAllText(RunLock(env), $$"""{ "format": 1, "runs": { "hello.tool@1.0.0": {{hello}}, "hello.tool@1.0.0": {{native}} } }""");
        var twice = DotnetEnv(env, "run", "Hello.Tool@1.0.0");
        Assert.Equal(1, twice.ExitCode);
        Assert.Matches("(?m)^ENV0751: ", twice.Stderr);
        Assert.DoesNotContain("native-hello", twice.Stdout);

        File.WriteAllText(RunLock(env), original);
        Assert.Equal("hello-dotnet 1.0.0 [y]", DotnetEnv(env, "run", "Hello.Tool@1.0.0", "y").Stdout.Trim());
    }

    [Fact]
    public void A_fifo_as_the_home_journal_or_a_generation_record_hangs_nothing()
    {
        using var env = new TestEnv(fixture);
        var home = Path.Combine(env.StateDir, "home");
        MakeFifo(Path.Combine(home, "generations", "1.json"));
        var listed = DotnetEnv(env, "generations");
        Assert.True(listed.ExitCode == 0, listed.ToString());

        MakeFifo(Path.Combine(home, "switch.json"));
        foreach (var verb in new[] { "generations", "rollback" })
        {
            var journal = DotnetEnv(env, verb);
            Assert.Equal(1, journal.ExitCode);
            Assert.Matches("(?m)^ENV0918: .*fifo", journal.Stderr);
        }
    }

    [Fact]
    public void Ctrl_c_during_a_run_download_leaves_nothing_partial_and_records_nothing()
    {
        using var env = new TestEnv(fixture);
        var www = Path.Combine(env.Root, "www");
        Directory.CreateDirectory(www);
        var archive = Path.Combine(www, "big-1.0.tar.gz");
        File.WriteAllBytes(archive, System.Security.Cryptography.RandomNumberGenerator.GetBytes(256 << 10));
        using var server = new LoopbackFileServer(www) { StallAfter = 64 << 10 };
        var downloads = Path.Combine(env.CacheDir, "downloads");
        // As from a terminal: SIGINT at its default, whatever this test host inherited (a background job ignores it).
        using var process = ProcessRunner.Start("python3", ["-c", "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])",
            env.DotnetEnvPath, "run", "--url", server.Url("big-1.0.tar.gz"), "--hash", TestArchives.Sri(archive)], env.ProjectDir, env.Environment(), out var output);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(server.BytesSent >= 64 << 10 && Directory.Exists(downloads) && Directory.EnumerateFiles(downloads).Any()) && DateTime.UtcNow < deadline) Thread.Sleep(50);
        Assert.True(Directory.Exists(downloads) && Directory.EnumerateFiles(downloads).Any(), "the partial download never appeared");

        Process.Start("kill", ["-INT", process.Id.ToString()])!.WaitForExit();
        Assert.True(process.WaitForExit(30_000), "run did not stop on Ctrl+C");
        process.WaitForExit(); // a timed wait does not wait for the output readers; this one does
        Assert.Equal(130, process.ExitCode);
        Assert.Matches("(?m)^ENV0770: ", output.ToString());
        Assert.Empty(Directory.EnumerateFiles(downloads));
        Assert.False(File.Exists(RunLock(env)));
        var staging = Path.Combine(env.StoreDir, ".tmp");
        Assert.True(!Directory.Exists(staging) || !Directory.EnumerateFileSystemEntries(staging).Any());
    }

    [Fact]
    public void Invalid_tool_settings_are_named_inside_the_package_not_at_a_deleted_staging_path()
    {
        using var env = new TestEnv(fixture);
        TestPackages.Write(env.ExtraFeed, "Broken.Settings", "1.0.0", "broken", null, new Dictionary<string, string>
        {
            ["tools/net10.0/any/DotnetToolSettings.xml"] = "<DotNetCliTool Version=\"1\"><Commands><Command Name=",
            ["tools/net10.0/any/broken.dll"] = "MZ",
        });
        var run = DotnetEnv(env, "run", "Broken.Settings@1.0.0");
        Assert.Equal(1, run.ExitCode);
        Assert.Matches("(?m)^ENV0411: .*package Broken.Settings:/tools/net10.0/any/DotnetToolSettings.xml", run.Stderr);
        Assert.DoesNotContain(Path.Combine(env.StoreDir, ".tmp"), run.Stderr);
    }

    [Fact]
    public void A_fifo_as_a_relative_url_is_a_coded_error_not_a_hang()
    {
        using var env = new TestEnv(fixture);
        MakeFifo(Path.Combine(env.ProjectDir, "greet-1.0.tar.gz"));
        env.WriteProject("""<Tool Include="greet" Version="1.0" Url="greet-1.0.tar.gz" Hash="sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=" />""");
        var build = ProcessRunner.Run("dotnet", ["build", env.ProjectFile, "-nr:false", "-tl:off"], env.ProjectDir, env.Environment(), TimeSpan.FromMinutes(3));
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("ENV0110", build.Output);
        Assert.Contains("fifo", build.Output);
    }
}
