using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using Newtonsoft.Json.Linq;

namespace Env.Sdk.Tests;

/// <summary>
/// `dotnet env run` as a user runs it: the installed tool (its native launcher and the full tool behind it), packages
/// from the test feeds, archives from a loopback server, the run lock in the test's state folder, real processes.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class RunTests(SdkFixture fixture)
{
    private string RunLock(TestEnv env) => Path.Combine(env.StateDir, "run-lock.json");

    [Fact]
    public void A_tool_package_runs_pinned_then_runs_warm_with_no_feed_and_nothing_but_the_tool_started()
    {
        using var env = new TestEnv(fixture);
        var first = env.DotnetEnv(["run", "Hello.Tool@1.0.0", "--", "a b", "--flag"]);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal("hello-dotnet 1.0.0 [a b|--flag]", first.Stdout.Trim());
        var entry = JObject.Parse(File.ReadAllText(RunLock(env)))["runs"]!["hello.tool@1.0.0"]!;
        Assert.Equal("1.0.0", (string?)entry["entry"]!["version"]);
        Assert.Equal("dotnet", (string?)entry["command"]!["kind"]);
        Assert.True(Directory.Exists(Path.Combine(env.StoreDir, (string)entry["entry"]!["storePath"]!)));

        // Warm: the feeds are gone, and the only programs started are the launcher and the tool's host (no full tool, no build).
        File.WriteAllText(Path.Combine(env.ProjectDir, "nuget.config"), """<configuration><packageSources><clear /><add key="gone" value="/nonexistent/feed" /></packageSources></configuration>""");
        var trace = Path.Combine(env.Root, "trace");
        var warm = ProcessRunner.RunSplit("strace", ["-f", "-s", "1000", "-e", "trace=execve", "-o", trace, env.DotnetEnvPath, "run", "Hello.Tool@1.0.0", "x"], env.ProjectDir, env.Environment());
        Assert.True(warm.ExitCode == 0, warm.ToString());
        Assert.Equal("hello-dotnet 1.0.0 [x]", warm.Stdout.Trim());
        Assert.Equal("", warm.Stderr);
        var execs = File.ReadAllLines(trace).Where(l => l.Contains("execve(", StringComparison.Ordinal) && !l.Contains("ENOENT", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(execs, l => l.Contains("dotnet-env-full", StringComparison.Ordinal));
        Assert.Contains(execs, l => l.Contains("\"exec\"", StringComparison.Ordinal) && l.Contains("HelloTool.dll", StringComparison.Ordinal));
    }

    [Fact]
    public void Failures_outside_any_env_name_no_env_proj()
    {
        using var env = new TestEnv(fixture);
        // The home has no env.proj; its nuget.config is the suite's feeds (copied there as a user's would be).
        File.Copy(Path.Combine(env.ProjectDir, "nuget.config"), Path.Combine(env.Home, "nuget.config"), overwrite: true);
        var noVersion = env.DotnetEnv(["run", "Hello.Tool@9.9.9"], workingDirectory: env.Home);
        Assert.Equal(1, noVersion.ExitCode);
        Assert.StartsWith("ENV0404: No version of package 'Hello.Tool' matches '9.9.9'.", noVersion.Stderr);
        Assert.DoesNotContain("env.proj", noVersion.Stderr);

        var www = Path.Combine(env.Root, "www");
        var archive = TestArchives.TarGzTool(www, "greet-1.0.tar.gz", "greet", "hi");
        var other = TestArchives.TarGzTool(Path.Combine(env.Root, "other"), "greet-1.0.tar.gz", "greet", "ho");
        using var server = new LoopbackFileServer(www);
        var wrongHash = env.DotnetEnv(["run", "--url", server.Url("greet-1.0.tar.gz"), "--hash", TestArchives.Sri(other)], workingDirectory: env.Home);
        Assert.Equal(1, wrongHash.ExitCode);
        Assert.Contains("ENV0102: ", wrongHash.Stderr);
        Assert.Contains("run's --hash", wrongHash.Stderr);
        Assert.DoesNotContain("env.proj", wrongHash.Stderr);
        Assert.NotEqual(TestArchives.Sri(archive), TestArchives.Sri(other));
    }

    [Fact]
    public void Exit_code_stdin_and_stderr_pass_through_and_a_signal_reaches_the_tool_itself()
    {
        using var env = new TestEnv(fixture);
        var www = Path.Combine(env.Root, "www");
        var archive = ScriptArchive(www, "signals-1.0.tar.gz", "signals", """
            #!/bin/sh
            if [ "$1" = exit ]; then read line; echo "got $line"; echo "to stderr" >&2; exit 7; fi
            trap 'echo "TERM reached $$"; exit 42' TERM
            echo "ready $$"
            while :; do sleep 0.05; done
            """);
        using var server = new LoopbackFileServer(www);
        string[] run = ["run", "--url", server.Url("signals-1.0.tar.gz"), "--hash", TestArchives.Sri(archive)];

        var exit = env.DotnetEnv([.. run, "exit"], stdin: "typed\n");
        Assert.Equal(7, exit.ExitCode);
        Assert.Equal("got typed", exit.Stdout.Trim());
        Assert.Contains("to stderr", exit.Stderr);

        // The tool is this process (execve): a SIGTERM sent to the pid `dotnet-env` started with reaches the script.
        using var process = ProcessRunner.Start(env.DotnetEnvPath, [.. run, "wait"], env.ProjectDir, env.Environment(), out var output);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!output.ToString().Contains("ready", StringComparison.Ordinal) && DateTime.UtcNow < deadline) Thread.Sleep(50);
        Assert.Contains($"ready {process.Id}", output.ToString());
        Process.Start("kill", ["-TERM", process.Id.ToString()])!.WaitForExit();
        Assert.True(process.WaitForExit(30_000));
        process.WaitForExit(); // a timed wait does not wait for the output readers; this one does
        Assert.Equal(42, process.ExitCode);
        Assert.Contains($"TERM reached {process.Id}", output.ToString());
    }

    [Fact]
    public void A_running_tool_is_held_against_a_concurrent_gc_and_released_when_it_ends()
    {
        using var env = new TestEnv(fixture);
        var www = Path.Combine(env.Root, "www");
        var archive = ScriptArchive(www, "sleeper-1.0.tar.gz", "sleeper", """
            #!/bin/sh
            echo "ready $$"
            while :; do sleep 0.05; done
            """);
        using var server = new LoopbackFileServer(www);
        using var process = ProcessRunner.Start(env.DotnetEnvPath, ["run", "--url", server.Url("sleeper-1.0.tar.gz"), "--hash", TestArchives.Sri(archive)],
            env.ProjectDir, env.Environment(), out var output);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!output.ToString().Contains("ready", StringComparison.Ordinal) && DateTime.UtcNow < deadline) Thread.Sleep(50);
        Assert.Contains("ready", output.ToString());
        string Entry() => Directory.EnumerateDirectories(env.StoreDir, "*-sleeper-1.0").SingleOrDefault() ?? "";

        var held = env.DotnetEnv(["gc"]);
        Assert.True(held.ExitCode == 0, held.ToString());
        Assert.True(Directory.Exists(Entry()), held.ToString());

        process.Kill();
        process.WaitForExit();
        var freed = env.DotnetEnv(["gc"]);
        Assert.True(freed.ExitCode == 0, freed.ToString());
        Assert.Equal("", Entry());
    }

    [Fact]
    public void A_version_less_package_is_the_newest_stable_pinned_until_refresh()
    {
        using var env = new TestEnv(fixture);
        var later = Path.Combine(fixture.LaterFeed, "Hello.Tool.1.2.0.nupkg");
        var first = env.DotnetEnv(["run", "Hello.Tool"]);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.StartsWith("hello-dotnet 1.1.0", first.Stdout.Trim());

        // A newer version appears on a feed: the run stays on what it pinned until --refresh.
        File.Copy(later, Path.Combine(env.ExtraFeed, Path.GetFileName(later)));
        Assert.StartsWith("hello-dotnet 1.1.0", env.DotnetEnv(["run", "Hello.Tool"]).Stdout.Trim());
        var refreshed = env.DotnetEnv(["run", "--refresh", "Hello.Tool"]);
        Assert.True(refreshed.ExitCode == 0, refreshed.ToString());
        Assert.StartsWith("hello-dotnet 1.2.0", refreshed.Stdout.Trim());
        Assert.StartsWith("hello-dotnet 1.2.0", env.DotnetEnv(["run", "Hello.Tool"]).Stdout.Trim());
        Assert.Equal("1.2.0", (string?)JObject.Parse(File.ReadAllText(RunLock(env)))["runs"]!["hello.tool"]!["entry"]!["version"]);
    }

    [Fact]
    public void A_program_of_a_package_that_is_no_tool_is_chosen_by_hash_command_and_platform()
    {
        using var env = new TestEnv(fixture);
        var run = env.DotnetEnv(["run", "Native.Hello@2.0.0#native-hello", "--", "hi"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("native-hello hi", run.Stdout.Trim());
        var entry = JObject.Parse(File.ReadAllText(RunLock(env)))["runs"]!["native.hello@2.0.0#native-hello"]!;
        Assert.Equal("tools/linux_x64/native-hello", (string?)entry["command"]!["path"]);

        var none = env.DotnetEnv(["run", "Native.Hello@2.0.0"]);
        Assert.Equal(1, none.ExitCode);
        Assert.Matches("(?m)^ENV0753: ", none.Stderr);
        Assert.Contains("tools/linux_x64/native-hello", none.Stderr);

        var wrong = env.DotnetEnv(["run", "Native.Hello@2.0.0#nope"]);
        Assert.Equal(1, wrong.ExitCode);
        Assert.Matches("(?m)^ENV0753: ", wrong.Stderr);
    }

    [Fact]
    public void An_archive_needs_its_hash_a_wrong_one_adds_nothing_and_a_lost_entry_comes_back_from_the_cache()
    {
        using var env = new TestEnv(fixture);
        var www = Path.Combine(env.Root, "www");
        var archive = TestArchives.TarGzTool(www, "greeter-1.0.tar.gz", "greet", "hello from greeter");
        using var server = new LoopbackFileServer(www);

        var noHash = env.DotnetEnv(["run", "--url", server.Url("greeter-1.0.tar.gz")]);
        Assert.Equal(1, noHash.ExitCode);
        Assert.Matches("(?m)^ENV0757: ", noHash.Stderr);

        var wrong = env.DotnetEnv(["run", "--url", server.Url("greeter-1.0.tar.gz"), "--hash", "sha256-" + Convert.ToBase64String(new byte[32]), "x"]);
        Assert.Equal(1, wrong.ExitCode);
        Assert.Matches("(?m)^ENV01[0-9][0-9]: ", wrong.Stderr);
        Assert.False(Directory.Exists(env.StoreDir) && Directory.EnumerateDirectories(env.StoreDir).Any(d => !Path.GetFileName(d).StartsWith('.')));
        Assert.False(File.Exists(RunLock(env)));

        string[] run = ["run", "--url", server.Url("greeter-1.0.tar.gz"), "--hash", TestArchives.Sri(archive), "--", "there"];
        var ok = env.DotnetEnv(run);
        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Equal("hello from greeter there", ok.Stdout.Trim());

        // The entry is lost (a gc, another store): the next run rebuilds it exactly from the download cache, the server idle.
        var requests = server.Requests;
        foreach (var dir in Directory.EnumerateDirectories(env.StoreDir).Where(d => !Path.GetFileName(d).StartsWith('.')))
        {
            foreach (var d in Directory.EnumerateDirectories(dir, "*", SearchOption.AllDirectories).Prepend(dir)) File.SetUnixFileMode(d, (UnixFileMode)0b111_000_000);
            Directory.Delete(dir, recursive: true);
        }
        var again = env.DotnetEnv(run);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal("hello from greeter there", again.Stdout.Trim());
        Assert.Equal(requests, server.Requests);
    }

    [Fact]
    public void A_bare_name_inside_an_env_is_the_envs_own_command()
    {
        using var env = new TestEnv(fixture);
        var www = Path.Combine(env.Root, "www");
        var archive = TestArchives.TarGzTool(www, "greeter-1.0.tar.gz", "greet", "the env's greeter");
        using var server = new LoopbackFileServer(www);
        env.WriteProject($"""<Tool Include="greeter" Version="1.0" Url="{server.Url("greeter-1.0.tar.gz")}" Hash="{TestArchives.Sri(archive)}" />""");
        var sub = Directory.CreateDirectory(Path.Combine(env.ProjectDir, "src")).FullName;
        // Built on this machine first: run uses only an env that is allowed (PulledShellFolderTests).
        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        var run = env.DotnetEnv(["run", "greet", "--", "from", "src"], workingDirectory: sub);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("the env's greeter from src", run.Stdout.Trim());
        Assert.False(File.Exists(RunLock(env)));
    }

    [Fact]
    public void Bad_references_are_coded_errors_and_a_damaged_run_lock_is_named_not_rewritten()
    {
        using var env = new TestEnv(fixture);
        var bad = env.DotnetEnv(["run", "../evil@1.0"]);
        Assert.Equal(1, bad.ExitCode);
        Assert.Matches("(?m)^ENV0750: ", bad.Stderr);

        Directory.CreateDirectory(env.StateDir);
        File.WriteAllText(RunLock(env), "{ not json");
        var damaged = env.DotnetEnv(["run", "Hello.Tool@1.0.0"]);
        Assert.Equal(1, damaged.ExitCode);
        Assert.Matches("(?m)^ENV0751: ", damaged.Stderr);
        Assert.Equal("{ not json", File.ReadAllText(RunLock(env)));

        // An entry whose store path its hashes do not give is refused before anything runs.
        File.Delete(RunLock(env));
        Assert.Equal(0, env.DotnetEnv(["run", "Hello.Tool@1.0.0"]).ExitCode);
        var json = JObject.Parse(File.ReadAllText(RunLock(env)));
        json["runs"]!["hello.tool@1.0.0"]!["command"]!["path"] = "../../../bin/sh";
        File.WriteAllText(RunLock(env), json.ToString());
        var forged = env.DotnetEnv(["run", "Hello.Tool@1.0.0"]);
        Assert.Equal(1, forged.ExitCode);
        Assert.Matches("(?m)^ENV0751: ", forged.Stderr);
    }

    [Fact]
    public void A_tool_of_a_tool_set_runs_as_SET_at_VERSION_hash_tool_and_offline_runs_only_what_is_pinned()
    {
        using var env = new TestEnv(fixture);
        var www = Path.Combine(env.Root, "www");
        var archive = TestArchives.TarGzTool(www, "greeter-1.0.tar.gz", "greet", "greeter from the set");
        using var server = new LoopbackFileServer(www);
        ToolSetTests.WriteSet(env.ExtraFeed, "Run.Set", "1.0.0", $"""
            <ToolDefinition Include="greeter" Version="1.0" Url="{server.Url("greeter-1.0.tar.gz")}" Hash="{TestArchives.Sri(archive)}" />
            <ToolDefinition Include="hello" Package="Hello.Tool" Version="1.0.0" />
            """);

        var greet = env.DotnetEnv(["run", "Run.Set@1.0.0#greeter", "--", "x"]);
        Assert.True(greet.ExitCode == 0, greet.ToString());
        Assert.Equal("greeter from the set x", greet.Stdout.Trim());
        var hello = env.DotnetEnv(["run", "Run.Set@1.0.0#hello", "y"]);
        Assert.True(hello.ExitCode == 0, hello.ToString());
        Assert.Equal("hello-dotnet 1.0.0 [y]", hello.Stdout.Trim());
        var pinned = JObject.Parse(File.ReadAllText(RunLock(env)))["runs"]!["run.set@1.0.0#greeter"]!;
        Assert.Equal("Run.Set", (string?)pinned["toolSet"]!["package"]);
        Assert.Equal(TestArchives.Sri(archive), (string?)pinned["entry"]!["sourceHash"]);

        var unknown = env.DotnetEnv(["run", "Run.Set@1.0.0#nope"]);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Matches("(?m)^ENV0446: ", unknown.Stderr);
        Assert.Contains("greeter, hello", unknown.Stderr);

        // Offline: what the run lock pins runs (from the store, or rebuilt from the download cache), nothing else is resolved.
        var requests = server.Requests;
        var offline = env.DotnetEnv(["run", "--offline", "Run.Set@1.0.0#greeter", "z"]);
        Assert.True(offline.ExitCode == 0, offline.ToString());
        Assert.Equal("greeter from the set z", offline.Stdout.Trim());
        var unpinned = env.DotnetEnv(["run", "--offline", "Hello.Tool@1.1.0"]);
        Assert.Equal(1, unpinned.ExitCode);
        Assert.Matches("(?m)^ENV0120: ", unpinned.Stderr);
        Assert.Contains("Hello.Tool", unpinned.Stderr);
        Assert.Equal(requests, server.Requests);
    }

    [Fact]
    public void An_ad_hoc_shell_has_just_those_tools_first_on_path()
    {
        using var env = new TestEnv(fixture);
        var command = env.DotnetEnv(["shell", "Hello.Tool@1.0.0", "Native.Hello@2.0.0#native-hello", "--", "sh", "-c",
            "hello-dotnet a; native-hello b; echo \"$ENVSDK_SHELL_TOOLS\"; command -v hello-dotnet; exit 5"]);
        Assert.Equal(5, command.ExitCode);
        var lines = command.Stdout.Trim().Split('\n');
        Assert.Equal("hello-dotnet 1.0.0 [a]", lines[0]);
        Assert.Equal("native-hello b", lines[1]);
        Assert.Equal("Hello.Tool@1.0.0 Native.Hello@2.0.0#native-hello", lines[2]);
        Assert.StartsWith(env.StoreDir, lines[3]);
        Assert.EndsWith("-shell-profile/bin/hello-dotnet", lines[3]);

        // An interactive shell (here bash reading its commands from stdin): the tools, and the user's PATH after them.
        var shell = env.DotnetEnv(["shell", "--shell", "bash", "Hello.Tool@1.0.0"], stdin: "hello-dotnet in-shell\ncommand -v sh\nexit 3\n");
        Assert.Equal(3, shell.ExitCode);
        Assert.Contains("hello-dotnet 1.0.0 [in-shell]", shell.Stdout);
        Assert.Contains("/sh", shell.Stdout);

        // A folder that exists is an env, not a tool: both at once is refused.
        var both = env.DotnetEnv(["shell", env.ProjectDir, "Hello.Tool@1.0.0"]);
        Assert.Equal(1, both.ExitCode);
        Assert.Matches("(?m)^ENV0760: ", both.Stderr);
    }

    /// <summary>A .tar.gz with one top folder holding bin/&lt;command&gt;, the given script.</summary>
    private static string ScriptArchive(string dir, string fileName, string command, string script)
    {
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, fileName);
        using var file = File.Create(path);
        using var gz = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gz, TarEntryFormat.Pax);
        tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "t/") { Mode = (UnixFileMode)0b111_101_101 });
        tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "t/bin/") { Mode = (UnixFileMode)0b111_101_101 });
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "t/bin/" + command)
        {
            DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(script.ReplaceLineEndings("\n") + "\n")),
            Mode = (UnixFileMode)0b111_101_101,
        });
        return path;
    }
}
