using System.Diagnostics;
using System.Text.Json;
using Env.Core.Home;

namespace Env.Sdk.Tests;

/// <summary>
/// The home switch under issue 16 ("Trust, round two"), end to end with the installed `dotnet-env`, real builds and a
/// temporary HOME: activations that start a daemon or are interrupted, private sources, a place that is a file in one
/// generation and a folder in the next, a state folder that differs between build and switch, recovery that fails, and
/// the switch details (kill -INT, rollback after a killed switch, a missing `current`, -b onto a place, --expire).
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class HomeSwitchTrustTests(SdkFixture fixture)
{
    private static TestEnv HomeEnv(SdkFixture fixture, string items, string properties = "")
    {
        var env = new TestEnv(fixture);
        Write(env, items, properties);
        return env;
    }

    private static void Write(TestEnv env, string items, string properties = "") =>
        env.WriteProject(items, "<EnvKind>Home</EnvKind>" + properties);

    private static SplitResult Ok(SplitResult r)
    {
        Assert.True(r.ExitCode == 0, r.ToString());
        return r;
    }

    private static void NoStackTrace(SplitResult r) =>
        Assert.False(r.Stderr.Contains("   at ", StringComparison.Ordinal) || r.Stderr.Contains("Unhandled exception", StringComparison.Ordinal), r.ToString());

    private static int CurrentGeneration(TestEnv env)
    {
        var list = Ok(env.DotnetEnv(["generations", "--json"]));
        return JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray().Single(g => g.GetProperty("current").GetBoolean()).GetProperty("number").GetInt32();
    }

    private static Process Start(TestEnv env, out System.Text.StringBuilder stderr, params string[] args)
    {
        var start = new ProcessStartInfo(env.DotnetEnvPath) { WorkingDirectory = env.ProjectDir, UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in env.Environment())
        {
            if (v is null) start.Environment.Remove(k);
            else start.Environment[k] = v;
        }
        var process = Process.Start(start)!;
        var text = new System.Text.StringBuilder();
        stderr = text;
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (text) text.Append(e.Data).Append('\n'); };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    private static void WaitFor(string file, Process process)
    {
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (!File.Exists(file))
        {
            Assert.False(process.HasExited, $"the switch ended before {file} appeared");
            Assert.True(DateTime.UtcNow < until, $"{file} never appeared");
            Thread.Sleep(100);
        }
    }

    private static void Signal(string signal, int pid) =>
        Assert.Equal(0, ProcessRunner.Run("kill", [$"-{signal}", pid.ToString()], "/", new Dictionary<string, string?>()).ExitCode);

    /// <summary>
    /// dotnet-env as a user whom folder modes bind: as root (the test machine), without the capabilities that override
    /// them, so a 0555 folder refuses a removal as it would for anyone else.
    /// </summary>
    private static SplitResult WithoutOverride(TestEnv env, string[] args) =>
        Environment.UserName == "root"
            ? ProcessRunner.RunSplit("setpriv", ["--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search,-fowner", env.DotnetEnvPath, .. args], env.ProjectDir, env.Environment())
            : env.DotnetEnv(args);

    private static bool Alive(int pid) => ProcessRunner.Run("kill", ["-0", pid.ToString()], "/", new Dictionary<string, string?>()).ExitCode == 0;

    /// <summary>Item 4 and 17: a daemon started by an activation does not hold the switch; kill -INT stops a running activation's whole group and the switch puts the home back.</summary>
    [Fact]
    public void An_activation_is_waited_for_by_its_exit_and_an_interrupt_reaches_its_process_group()
    {
        using var env = HomeEnv(fixture, """
            <HomeFile Include=".one" Text="1" />
            <HomeActivation Include="daemon" Command="sleep 600 &amp; echo $! > .daemon-pid; echo started" />
            """);
        var timer = Stopwatch.StartNew();
        var first = ProcessRunner.RunSplit(env.DotnetEnvPath, ["switch"], env.ProjectDir, env.Environment(), timeout: TimeSpan.FromSeconds(240));
        var daemon = int.Parse(File.ReadAllText(Path.Combine(env.Home, ".daemon-pid")).Trim());
        try
        {
            Ok(first);
            Assert.True(timer.Elapsed < TimeSpan.FromSeconds(240), $"the switch took {timer.Elapsed}");
            Assert.Contains("daemon: started", first.Stderr);
            Assert.Contains("Switched to new generation 1", first.Stderr);
            Assert.True(Alive(daemon), "the daemon the activation started must keep running");
        }
        finally
        {
            if (Alive(daemon)) Signal("KILL", daemon);
        }

        // Generation 2: an activation that runs long in a shell that waits for it; `kill -INT` to dotnet-env must stop it.
        Write(env, """
            <HomeFile Include=".one" Text="1" />
            <HomeFile Include=".two" Text="2" />
            <HomeActivation Include="long" Command="echo $$ > .long-pid; sleep 98; touch .long-finished" />
            """);
        var before = TestEnv.Snapshot(env.Home);
        var process = Start(env, out var stderr, "switch");
        WaitFor(Path.Combine(env.Home, ".long-pid"), process);
        Thread.Sleep(300);
        var shell = int.Parse(File.ReadAllText(Path.Combine(env.Home, ".long-pid")).Trim());
        timer.Restart();
        Signal("INT", process.Id);
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "kill -INT did not stop the switch within a minute");
        process.WaitForExit();
        Assert.True(timer.Elapsed < TimeSpan.FromSeconds(30), $"kill -INT took {timer.Elapsed} to stop the switch");
        Assert.Equal(130, process.ExitCode); // as a shell reports SIGINT (docs/cli.md)
        Assert.Contains("ENV0900: Cancelled. Nothing changed: the home is back as generation 1 had it.", stderr.ToString());
        Assert.False(Alive(shell), "the activation's shell must be stopped");
        Assert.False(File.Exists(Path.Combine(env.Home, ".long-finished")));
        File.Delete(Path.Combine(env.Home, ".long-pid"));
        Assert.Equal(before, TestEnv.Snapshot(env.Home));
        Assert.False(File.Exists(new HomeStateLayout(env.StateDir).Journal));
        Assert.Equal(1, CurrentGeneration(env));
    }

    /// <summary>Item 5: a source only its owner can read is refused at build time, never published into the world-readable store.</summary>
    [Fact]
    public void A_private_source_is_refused_before_it_reaches_the_store()
    {
        using var env = HomeEnv(fixture, """
            <HomeFile Include=".netrc" Source="dotfiles/netrc" Mode="Copy" />
            """);
        Directory.CreateDirectory(Path.Combine(env.ProjectDir, "dotfiles"));
        var secret = Path.Combine(env.ProjectDir, "dotfiles", "netrc");
        File.WriteAllText(secret, "machine example.org password hunter2-secret\n");
        File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var built = env.DotnetEnv(["switch"]);
        Assert.NotEqual(0, built.ExitCode);
        Assert.True(built.ToString().Contains("ENV0931", StringComparison.Ordinal), built.ToString());
        Assert.True(built.ToString().Contains("chmod o+r", StringComparison.Ordinal), built.ToString());
        Assert.False(File.Exists(Path.Combine(env.Home, ".netrc")));
        var published = Directory.Exists(env.StoreDir)
            ? Directory.EnumerateFiles(env.StoreDir, "*", SearchOption.AllDirectories).Where(f => new FileInfo(f).LinkTarget is null && new FileInfo(f).Length < 1 << 20)
                .Where(f => { try { return File.ReadAllText(f).Contains("hunter2-secret", StringComparison.Ordinal); } catch (IOException) { return false; } catch (UnauthorizedAccessException) { return false; } }).ToList()
            : [];
        Assert.Empty(published);

        // Made readable on purpose, it is a dotfile like any other.
        File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        Ok(env.DotnetEnv(["switch"]));
        Assert.Equal("machine example.org password hunter2-secret\n", File.ReadAllText(Path.Combine(env.Home, ".netrc")));
    }

    /// <summary>Item 6: a place that is a file in one generation and a folder in the next switches both ways, with -b and in a rollback.</summary>
    [Fact]
    public void A_place_that_is_a_file_in_one_generation_and_a_folder_in_the_next_switches_both_ways()
    {
        using var env = HomeEnv(fixture, """<HomeFile Include=".config/tool" Text="a file" />""");
        var tool = Path.Combine(env.Home, ".config", "tool");
        Ok(env.DotnetEnv(["switch"]));
        Assert.Equal("a file", File.ReadAllText(tool));

        Write(env, """<HomeFile Include=".config/tool/conf" Text="in a folder" />""");
        var toFolder = Ok(env.DotnetEnv(["switch"]));
        Assert.Contains("Switched to new generation 2", toFolder.Stderr);
        Assert.Equal("in a folder", File.ReadAllText(Path.Combine(tool, "conf")));

        Ok(env.DotnetEnv(["rollback"]));
        Assert.Equal("a file", File.ReadAllText(tool));
        Assert.False(Directory.Exists(tool));

        // -b moves files of the user's aside, never Env.Sdk's own link or folder.
        Ok(env.DotnetEnv(["switch", "--generation", "2", "-b", "bak"]));
        Assert.Equal("in a folder", File.ReadAllText(Path.Combine(tool, "conf")));
        Ok(env.DotnetEnv(["switch", "--generation", "1", "-b", "bak"]));
        Assert.Equal("a file", File.ReadAllText(tool));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(env.Home, ".config"), "*.bak"));

        // A switch to the folder that fails after placing its files is put back: the file again.
        Write(env, """
            <HomeFile Include=".config/tool/conf" Text="in a folder" />
            <HomeActivation Include="fail" Command="exit 3" />
            """);
        var failed = env.DotnetEnv(["switch"]);
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("ENV0916", failed.Stderr);
        Assert.Equal("a file", File.ReadAllText(tool));
        Assert.Equal(1, CurrentGeneration(env));
    }

    /// <summary>Item 17: a folder the user had before the first switch stays when a switch empties it; one a switch made goes.</summary>
    [Fact]
    public void An_empty_folder_the_user_had_stays_and_one_the_switch_made_goes()
    {
        using var env = HomeEnv(fixture, """
            <HomeFile Include=".config/nvim/init.lua" Text="-- one" />
            <HomeFile Include=".config/made/x" Text="x" />
            """);
        Directory.CreateDirectory(Path.Combine(env.Home, ".config", "nvim"));
        Ok(env.DotnetEnv(["switch"]));
        Assert.Equal("-- one", File.ReadAllText(Path.Combine(env.Home, ".config/nvim/init.lua")));

        Write(env, """<HomeFile Include=".one" Text="1" />""");
        Ok(env.DotnetEnv(["switch"]));
        Assert.False(File.Exists(Path.Combine(env.Home, ".config/nvim/init.lua")));
        Assert.True(Directory.Exists(Path.Combine(env.Home, ".config", "nvim")), "the user's own empty folder was removed");
        Assert.False(Directory.Exists(Path.Combine(env.Home, ".config", "made")));

        // And back: the folder the switch made is made again, and goes again with a rollback.
        Ok(env.DotnetEnv(["rollback"]));
        Assert.Equal("x", File.ReadAllText(Path.Combine(env.Home, ".config/made/x")));
        Ok(env.DotnetEnv(["switch", "--generation", "2"]));
        Assert.True(Directory.Exists(Path.Combine(env.Home, ".config", "nvim")));
        Assert.False(Directory.Exists(Path.Combine(env.Home, ".config", "made")));
    }

    /// <summary>Item 7: the switch checks a generation against its own state folder, not only the build's.</summary>
    [Fact]
    public void A_generation_built_for_another_state_folder_is_refused_by_the_switch()
    {
        // EnvStateDir in env.proj: the session would put other-state/home/profile/bin on PATH, which no switch makes.
        using var env = HomeEnv(fixture, """<HomeFile Include=".one" Text="1" />""", "<EnvStateDir>$(MSBuildProjectDirectory)/other-state</EnvStateDir>");
        // dotnet env finds a build's record only under its own state folder, so it stops at the build (ENV0705, naming
        // EnvStateDir); a generation that reaches the switch anyway is refused there (ENV0927). Either way, coded and
        // before anything changed.
        var refused = env.DotnetEnv(["switch"]);
        Assert.Equal(1, refused.ExitCode);
        Assert.True(refused.Stderr.Contains("ENV0927", StringComparison.Ordinal)
            || (refused.Stderr.Contains("ENV0705", StringComparison.Ordinal) && refused.Stderr.Contains("EnvStateDir", StringComparison.Ordinal)), refused.ToString());
        Assert.False(File.Exists(Path.Combine(env.Home, ".one")));
        Assert.False(Directory.Exists(Path.Combine(env.StateDir, "home", "generations")) && Directory.EnumerateFileSystemEntries(Path.Combine(env.StateDir, "home", "generations")).Any());

        // Built with one XDG_STATE_HOME, switched with another inside HOME: a HomeFile would land in the switch's own generations/.
        Write(env, """<HomeFile Include=".local/state/envsdk/home/generations/9-link" Text="not a generation" />""");
        Ok(env.DotnetEnv(["build"]));
        var inside = new Dictionary<string, string?> { ["XDG_STATE_HOME"] = Path.Combine(env.Home, ".local", "state") };
        // The switch's state folder holds no record of that build, so dotnet env stops there (ENV0704: not built for
        // it); a generation that reaches the switch anyway is refused by the switch's own check (ENV0928).
        var reserved = env.DotnetEnv(["switch", "--no-build"], extraEnv: inside);
        Assert.Equal(1, reserved.ExitCode);
        Assert.True(reserved.Stderr.Contains("ENV0928", StringComparison.Ordinal) || reserved.Stderr.Contains("ENV0704", StringComparison.Ordinal), reserved.ToString());
        Assert.False(File.Exists(Path.Combine(env.Home, ".local/state/envsdk/home/generations/9-link")));
        NoStackTrace(reserved);
    }

    /// <summary>Item 16 and 17: a recovery that fails is a coded error; rollback after a killed switch undoes that switch only; a missing `current`; -b onto a place; --expire of any size.</summary>
    [Fact]
    public void Recovery_rollback_and_generations_after_a_killed_switch_say_what_happened()
    {
        using var env = HomeEnv(fixture, """<HomeFile Include=".config/app/one" Text="1" />""");
        Ok(env.DotnetEnv(["switch"]));
        Write(env, """<HomeFile Include=".config/app/one" Text="1" /><HomeFile Include=".config/app/two" Text="2" />""");
        Ok(env.DotnetEnv(["switch"]));
        var atTwo = TestEnv.Snapshot(env.Home);

        // Generation 3 is killed (kill -9) while its activation runs: its files are placed, the journal says 2 → 3.
        Write(env, """
            <HomeFile Include=".config/app/one" Text="1" /><HomeFile Include=".config/app/two" Text="2" /><HomeFile Include=".config/app/three" Text="3" />
            <HomeActivation Include="long" Command="echo $$ > ../act-pid; exec sleep 98" />
            """);
        var process = Start(env, out _, "switch");
        var actPid = Path.Combine(env.Root, "act-pid");
        WaitFor(actPid, process);
        Thread.Sleep(300);
        process.Kill();
        process.WaitForExit();
        Signal("KILL", int.Parse(File.ReadAllText(actPid).Trim()));
        Assert.True(File.Exists(new HomeStateLayout(env.StateDir).Journal));
        Assert.True(File.Exists(Path.Combine(env.Home, ".config/app/three")));

        // Finishing it cannot remove ~/.config/app/three: a coded error, the journal kept, no stack trace.
        var app = Path.Combine(env.Home, ".config", "app");
        File.SetUnixFileMode(app, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            foreach (var verb in new[] { new[] { "generations" }, ["rollback"], ["switch", "--generation", "1"] })
            {
                var failed = WithoutOverride(env, verb);
                Assert.Equal(1, failed.ExitCode);
                Assert.True(failed.Stderr.Contains("ENV0924", StringComparison.Ordinal), failed.ToString());
                NoStackTrace(failed);
            }
        }
        finally
        {
            File.SetUnixFileMode(app, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        Assert.True(File.Exists(new HomeStateLayout(env.StateDir).Journal));

        // The rollback undoes the killed switch, and only that: the home is at generation 2, not 1.
        var back = Ok(env.DotnetEnv(["rollback"]));
        Assert.Contains("Rolled back the interrupted switch to generation 3: the home is at generation 2.", back.Stderr);
        Assert.Equal(2, CurrentGeneration(env));
        Assert.Equal(atTwo, TestEnv.Snapshot(env.Home));

        // `current` removed by hand: not "never switched".
        File.Delete(new HomeStateLayout(env.StateDir).CurrentLink);
        var noCurrent = env.DotnetEnv(["rollback"]);
        Assert.Equal(1, noCurrent.ExitCode);
        Assert.True(noCurrent.Stderr.Contains("ENV0926", StringComparison.Ordinal) && noCurrent.Stderr.Contains("generations 1, 2", StringComparison.Ordinal), noCurrent.ToString());
        Ok(env.DotnetEnv(["switch", "--generation", "2"]));

        // -b whose backup would be a place of the generation: said before anything changes.
        Write(env, """<HomeFile Include=".gitconfig" Text="ours" /><HomeFile Include=".gitconfig.bak" Text="also ours" />""");
        File.WriteAllText(Path.Combine(env.Home, ".gitconfig"), "mine");
        var before = TestEnv.Snapshot(env.Home);
        var onPlace = env.DotnetEnv(["switch", "-b", "bak"]);
        Assert.Equal(1, onPlace.ExitCode);
        Assert.True(onPlace.Stderr.Contains("ENV0912: The switch stopped before changing anything", StringComparison.Ordinal)
            && onPlace.Stderr.Contains("~/.gitconfig.bak would be a place of this generation too", StringComparison.Ordinal), onPlace.ToString());
        Assert.Equal(before, TestEnv.Snapshot(env.Home));

        var expire = env.DotnetEnv(["generations", "--expire", "2147483647h"]);
        Assert.True(expire.ExitCode == 0, expire.ToString());
        NoStackTrace(expire);
        Assert.Contains("No generation is older than 2147483647h", expire.Stderr);
        Assert.Contains("Forgot generation 1;", Ok(env.DotnetEnv(["generations", "--expire", "0h"])).Stderr);
        Assert.Equal(2, CurrentGeneration(env));
    }
}
