using Env.Core.Locking;

namespace Env.Sdk.Tests;

[Collection(SdkCollection.Name)]
public sealed class ArchiveToolTests(SdkFixture fixture)
{
    [Fact]
    public void Tar_gz_tool_served_over_http_is_installed_and_runs_from_the_dev_shell()
    {
        using var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "www"), "greeter-1.0.tar.gz", "greet", "hello from greeter");
        using var server = new LoopbackFileServer(Path.Combine(env.Root, "www"));
        env.WriteProject($"""<Tool Include="greeter" Version="1.0" Url="{server.Url("greeter-1.0.tar.gz")}" Hash="{TestArchives.Sri(archive)}" />""");

        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());

        var run = env.InShell("bash", "greet a 'b c'");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("hello from greeter a b c", run.Output.Trim());

        var entry = LockFile.Load(env.LockFile).Find("greeter", "any");
        Assert.NotNull(entry);
        Assert.Equal(TestArchives.Sri(archive), entry.SourceHash);
        Assert.EndsWith("-greeter-1.0", entry.StorePath);
        Assert.True(Directory.Exists(Path.Combine(env.StoreDir, entry.StorePath, "bin")), "the single top folder is stripped");
        Assert.Equal("*\n", File.ReadAllText(Path.Combine(env.ShellDir, ".gitignore")));

        // The shell's profile link is registered as an indirect root, for `dotnet env gc` (.proc holds the process roots).
        var root = Assert.Single(Directory.GetFileSystemEntries(Path.Combine(env.StoreDir, ".roots")), r => !Path.GetFileName(r).StartsWith('.'));
        Assert.Equal(Path.Combine(env.ShellDir, "profile"), new FileInfo(root).LinkTarget);
    }

    [Fact]
    public void Zip_from_a_file_url_exposes_the_Bin_paths_and_makes_them_executable()
    {
        using var env = new TestEnv(fixture);
        var archive = TestArchives.ZipTool(Path.Combine(env.Root, "dl"), "zipped.zip", "tools/zipped-cmd", "zipped says");
        env.WriteProject($"""<Tool Include="zipped" Version="3.1" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" Bin="tools/zipped-cmd" />""");

        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());

        var run = env.InShell("bash", "zipped-cmd x");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("zipped says x", run.Output.Trim());
    }

    [Fact]
    public void Second_build_with_nothing_changed_asks_no_server_and_rewrites_nothing()
    {
        using var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "www"), "noop-1.0.tar.gz", "noop", "noop");
        using var server = new LoopbackFileServer(Path.Combine(env.Root, "www"));
        env.WriteProject($"""<Tool Include="noop" Version="1.0" Url="{server.Url("noop-1.0.tar.gz")}" Hash="{TestArchives.Sri(archive)}" />""");
        Assert.Equal(0, env.Build().ExitCode);
        var requests = server.Requests;
        var before = TestEnv.Snapshot(env.ProjectDir);

        var second = env.Build("-v:n", "-clp:PerformanceSummary");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(requests, server.Requests);
        Assert.Equal(before, TestEnv.Snapshot(env.ProjectDir));
        Assert.Contains("Skipping target \"_EnvRestore\"", second.Output);
        Assert.Contains("Skipping target \"_EnvGenerateShell\"", second.Output);
        // No task of Env.Sdk either: the build left the mark of a checked shell folder, so EnvCheckShell is skipped too, and
        // the one task is the Message of the line the build ends with.
        Assert.Equal(["Message"], TasksRun(second.Output));
    }

    [Fact]
    public void Outputs_an_updated_input_outdates_without_changing_them_are_renewed_so_the_next_build_is_a_no_op()
    {
        using var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "www"), "renew-1.0.tar.gz", "renew", "renew");
        using var server = new LoopbackFileServer(Path.Combine(env.Root, "www"));
        env.WriteProject($"""<Tool Include="renew" Version="1.0" Url="{server.Url("renew-1.0.tar.gz")}" Hash="{TestArchives.Sri(archive)}" />""");
        Assert.Equal(0, env.Build().ExitCode);
        // As after an update of the SDK (its files are inputs, env.json does not record them): every output older than an
        // input, and the shell generated again would be the same.
        var old = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var recordEnvJson = Path.Combine(new Env.Core.State.StateLayout(env.StateDir).RecordDir(env.ProjectDir), "env.json");
        File.SetLastWriteTimeUtc(Path.Combine(env.ShellDir, "env.json"), old);
        File.SetLastWriteTimeUtc(recordEnvJson, old);

        var regenerated = env.Build("-v:n");
        Assert.True(regenerated.ExitCode == 0, regenerated.ToString());
        Assert.DoesNotContain("Skipping target \"_EnvGenerateShell\"", regenerated.Output);
        var again = env.Build("-v:n", "-clp:PerformanceSummary");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("Skipping target \"_EnvGenerateShell\"", again.Output);
        Assert.Equal(["Message"], TasksRun(again.Output));
    }

    /// <summary>The tasks -clp:PerformanceSummary lists as run, by name.</summary>
    private static List<string> TasksRun(string output) =>
        output.Split('\n').SkipWhile(l => !l.Contains("Task Performance Summary:", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(l => l.Trim().Length > 0)
            .Select(l => l.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[2]).ToList();

    [Fact]
    public void A_cleaned_store_is_refilled_from_the_download_cache_without_the_network()
    {
        using var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "www"), "cached-1.0.tar.gz", "cached", "cached");
        using var server = new LoopbackFileServer(Path.Combine(env.Root, "www"));
        env.WriteProject($"""<Tool Include="cached" Version="1.0" Url="{server.Url("cached-1.0.tar.gz")}" Hash="{TestArchives.Sri(archive)}" />""");
        Assert.Equal(0, env.Build().ExitCode);
        var requests = server.Requests;
        var lockBefore = File.ReadAllText(env.LockFile);

        Env.Core.Store.ReadOnlyTree.Delete(env.StoreDir);
        var rebuild = env.Build();
        Assert.True(rebuild.ExitCode == 0, rebuild.ToString());
        Assert.Equal(requests, server.Requests);
        Assert.Equal(lockBefore, File.ReadAllText(env.LockFile));
        Assert.Equal("cached", env.InShell("sh", "cached").Output.Trim());
    }

    [Fact]
    public void Executable_url_installs_a_bare_program_named_after_the_tool()
    {
        using var env = new TestEnv(fixture);
        var program = Path.Combine(env.Root, "dl", "jq-linux-amd64");
        Directory.CreateDirectory(Path.GetDirectoryName(program)!);
        File.WriteAllText(program, "#!/bin/sh\necho bare $1\n");
        env.WriteProject($"""<Tool Include="jq" Version="1.7" Url="{new Uri(program).AbsoluteUri}" Hash="{TestArchives.Sri(program)}" Executable="true" />""");

        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Equal("bare ok", env.InShell("bash", "jq ok").Output.Trim());
    }

    [Fact]
    public void A_slow_download_reports_size_rate_and_time_as_it_goes()
    {
        using var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "www"), "slow-1.0.tar.gz", "slow", "slow", paddingBytes: 3 << 20);
        using var server = new LoopbackFileServer(Path.Combine(env.Root, "www")) { Throttle = 1 << 20 };
        env.WriteProject($"""<Tool Include="slow" Version="1.0" Url="{server.Url("slow-1.0.tar.gz")}" Hash="{TestArchives.Sri(archive)}" />""");

        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Matches(@"Downloading slow: [0-9.]+ MiB of [0-9.]+ MiB \(\d+%\), [0-9.]+ [KM]iB/s, \d+s", build.Output);
        Assert.Matches(@"Downloaded slow: [0-9.]+ MiB in [0-9.]+s", build.Output);
    }

    [Fact]
    public void Build_with_no_restore_uses_only_the_lock_and_says_to_restore_when_it_lacks_a_tool()
    {
        using var env = new TestEnv(fixture);
        var dl = Path.Combine(env.Root, "dl");
        var one = TestArchives.TarGzTool(dl, "one-1.0.tar.gz", "one", "one");
        env.WriteProject($"""<Tool Include="one" Version="1.0" Url="{new Uri(one).AbsoluteUri}" Hash="{TestArchives.Sri(one)}" />""");
        Assert.Equal(0, env.Build().ExitCode);

        var two = TestArchives.TarGzTool(dl, "two-1.0.tar.gz", "two", "two");
        env.WriteProject($"""
            <Tool Include="one" Version="1.0" Url="{new Uri(one).AbsoluteUri}" Hash="{TestArchives.Sri(one)}" />
            <Tool Include="two" Version="1.0" Url="{new Uri(two).AbsoluteUri}" Hash="{TestArchives.Sri(two)}" />
            """);
        var noRestore = env.Build("--no-restore");
        Assert.NotEqual(0, noRestore.ExitCode);
        Assert.Contains("error ENV0504", noRestore.Output);
        Assert.Contains("'two'", noRestore.Output);

        var restore = ProcessRunner.Run("dotnet", ["restore", env.ProjectFile, "-nr:false"], env.ProjectDir, env.Environment());
        Assert.True(restore.ExitCode == 0, restore.ToString());
        var build = env.Build("--no-restore");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Equal("two", env.InShell("bash", "two").Output.Trim());
    }

    [Fact]
    public void Clean_removes_the_generated_shell_but_nothing_the_user_keeps_there()
    {
        using var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "dl"), "c-1.0.tar.gz", "c", "c");
        var shared = Path.Combine(env.Root, "shared-shell");
        Directory.CreateDirectory(shared);
        File.WriteAllText(Path.Combine(shared, "notes.txt"), "mine");
        File.WriteAllText(Path.Combine(shared, ".gitignore"), "my rules\n");
        env.WriteProject($"""<Tool Include="c" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" />""",
            $"<EnvShellDir>{shared}</EnvShellDir>");
        Assert.Equal(0, env.Build().ExitCode);
        Assert.True(File.Exists(Path.Combine(shared, "activate")));

        var clean = env.Build("-t:Clean");
        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.Equal([".gitignore", "notes.txt"], Directory.GetFileSystemEntries(shared).Select(Path.GetFileName).Order());
        Assert.Equal("my rules\n", File.ReadAllText(Path.Combine(shared, ".gitignore")));

        env.WriteProject($"""<Tool Include="c" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" />""");
        Assert.Equal(0, env.Build().ExitCode);
        Assert.Equal(0, env.Build("-t:Clean").ExitCode);
        Assert.False(Directory.Exists(env.ShellDir), "the default shell folder holds only generated files and goes");
    }

    [Fact]
    public void The_EnvStoreDir_property_wins_over_the_ENVSDK_STORE_variable()
    {
        using var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "dl"), "p-1.0.tar.gz", "p", "p");
        var own = Path.Combine(env.Root, "own-store");
        env.WriteProject($"""<Tool Include="p" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" />""",
            $"<EnvStoreDir>{own}</EnvStoreDir>");

        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        var entry = Env.Core.Locking.LockFile.Load(env.LockFile).Find("p", "any")!;
        Assert.True(Directory.Exists(Path.Combine(own, entry.StorePath)));
        Assert.False(Directory.Exists(env.StoreDir));
        Assert.Equal("p", env.InShell("bash", "p").Output.Trim());
    }
}
