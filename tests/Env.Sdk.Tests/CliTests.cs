using System.Diagnostics;
using Newtonsoft.Json.Linq;

namespace Env.Sdk.Tests;

/// <summary>
/// `dotnet env` as a user runs it: packed from this checkout, installed with `dotnet tool install`, run in a repo
/// with an env.proj, driving the real `dotnet build` and real shells.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class CliTests(SdkFixture fixture)
{
    [Fact]
    public void Print_json_builds_a_fresh_env_first_then_answers_from_the_shell_folder_without_starting_dotnet()
    {
        using var env = NewEnv();
        var first = env.DotnetEnv(["print", "--json"]);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("building env.proj (it has not been built)", first.Stderr);
        // The build's own lines went to stderr: stdout is only the JSON.
        var json = JObject.Parse(first.Stdout);
        Assert.Equal(env.ProjectFile, (string?)json["project"]);
        Assert.Equal(Path.Combine(ProfileLink.Entry(env.ShellDir), "bin"), (string?)json["path"]![0]);
        Assert.Equal("it's $HOME", (string?)json["variables"]!["GREETING"]);
        var tool = json["tools"]!.Single();
        Assert.Equal("greet", (string?)tool["name"]);
        Assert.Equal("1.0", (string?)tool["version"]);
        Assert.True(Directory.Exists((string?)tool["storePath"]));

        // Current now: no process is started at all (no dotnet build, no MSBuild), proven by tracing execve.
        var trace = Path.Combine(env.Root, "trace");
        var second = ProcessRunner.RunSplit("strace", ["-f", "-e", "trace=execve", "-o", trace, env.DotnetEnvPath, "print", "--json"], env.ProjectDir, env.Environment());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Equal("", second.Stderr);
        var execs = File.ReadAllLines(trace).Where(l => l.Contains("execve(", StringComparison.Ordinal) && !l.Contains("ENOENT", StringComparison.Ordinal)).ToList();
        // The native launcher hands print to the full tool beside it: those two, and nothing else.
        Assert.True(execs.Count == 2 && execs[1].Contains("/dotnet-env-full\"", StringComparison.Ordinal), string.Join('\n', execs));
    }

    [Fact]
    public void An_edited_env_proj_or_lock_makes_it_stale_and_a_touched_one_does_not()
    {
        using var env = NewEnv();
        Assert.Equal(0, env.DotnetEnv(["build"]).ExitCode);

        File.SetLastWriteTimeUtc(env.ProjectFile, DateTime.UtcNow.AddMinutes(1));
        var touched = env.DotnetEnv(["print", "--json"]);
        Assert.True(touched.ExitCode == 0, touched.ToString());
        Assert.DoesNotContain("building", touched.Stderr);

        File.WriteAllText(env.ProjectFile, File.ReadAllText(env.ProjectFile).Replace("it&apos;s %24HOME", "changed"));
        var edited = env.DotnetEnv(["print", "--json"]);
        Assert.True(edited.ExitCode == 0, edited.ToString());
        Assert.Contains("(env.proj changed)", edited.Stderr);
        Assert.Equal("changed", (string?)JObject.Parse(edited.Stdout)["variables"]!["GREETING"]);

        File.Delete(env.LockFile);
        var noLock = env.DotnetEnv(["print", "--json", "--no-build"]);
        Assert.Equal(1, noLock.ExitCode);
        Assert.StartsWith("ENV0704: ", noLock.Stderr);
        Assert.Contains("env.lock.json was removed", noLock.Stderr);
    }

    [Fact]
    public void An_edited_import_makes_it_stale()
    {
        using var env = NewEnv();
        File.WriteAllText(Path.Combine(env.ProjectDir, "vars.props"), """
            <Project><ItemGroup><EnvVar Include="FROM_IMPORT" Value="one" /></ItemGroup></Project>
            """);
        File.WriteAllText(env.ProjectFile, File.ReadAllText(env.ProjectFile).Replace("<ItemGroup>", "<Import Project=\"vars.props\" />\n  <ItemGroup>"));
        Assert.Equal("one", (string?)JObject.Parse(env.DotnetEnv(["print", "--json"]).Stdout)["variables"]!["FROM_IMPORT"]);
        File.WriteAllText(Path.Combine(env.ProjectDir, "vars.props"), """
            <Project><ItemGroup><EnvVar Include="FROM_IMPORT" Value="two" /></ItemGroup></Project>
            """);
        var print = env.DotnetEnv(["print", "--json"]);
        Assert.Contains("(vars.props changed)", print.Stderr);
        Assert.Equal("two", (string?)JObject.Parse(print.Stdout)["variables"]!["FROM_IMPORT"]);
    }

    [Fact]
    public void A_planted_env_json_that_would_inject_shell_code_is_refused()
    {
        using var env = NewEnv();
        Assert.Equal(0, env.DotnetEnv(["build"]).ExitCode);
        // The checkout's env.json is not what print reads: it prints the env this machine's build recorded.
        var path = Path.Combine(env.ShellDir, "env.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"GREETING\"", "\"X; touch /tmp/pwned; Y\""));
        var recorded = env.DotnetEnv(["print"]);
        Assert.True(recorded.ExitCode == 0, recorded.ToString());
        Assert.DoesNotContain("pwned", recorded.Stdout);
        // The record's, damaged, is refused all the same.
        var record = Path.Combine(env.StateDir, "dev" + env.ProjectDir, ".envsdk", "env.json");
        File.WriteAllText(record, File.ReadAllText(record).Replace("\"GREETING\"", "\"X; touch /tmp/pwned; Y\""));
        var print = env.DotnetEnv(["print"]);
        Assert.Equal(1, print.ExitCode);
        Assert.StartsWith("ENV0015: ", print.Stderr);
        Assert.Equal("", print.Stdout);
    }

    [Theory]
    [InlineData("bash")]
    [InlineData("zsh")]
    [InlineData("dash")]
    public void Print_sh_is_what_eval_needs(string shell)
    {
        using var env = NewEnv();
        var run = ProcessRunner.Run(shell, ["-c", $"eval \"$('{env.DotnetEnvPath}' print 2>/dev/null)\"; command -v greet; echo \"$GREETING\"; envsdk_deactivate; command -v greet || echo gone"],
            env.ProjectDir, env.Environment(new Dictionary<string, string?> { ["PATH"] = "/usr/bin:/bin" }));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal([Path.Combine(ProfileLink.Entry(env.ShellDir), "bin", "greet"), "it's $HOME", "gone"], run.Output.Trim().Split('\n'));
    }

    [Fact]
    public void Print_github_actions_writes_final_values_in_the_multiline_form()
    {
        using var env = NewEnv();
        var print = env.DotnetEnv(["print", "--format", "github-actions"], extraEnv: new Dictionary<string, string?> { ["PATH"] = "/usr/bin:/bin" });
        Assert.True(print.ExitCode == 0, print.ToString());
        var lines = print.Stdout.Split('\n');
        Assert.Matches("^PATH<<ghadelimiter_[0-9a-f]{32}$", lines[0]);
        Assert.Equal(Path.Combine(ProfileLink.Entry(env.ShellDir), "bin") + ":/usr/bin:/bin", lines[1]);
        Assert.Equal(lines[0]["PATH<<".Length..], lines[2]);
        Assert.Contains("it's $HOME", lines);
    }

    [Fact]
    public void Shell_dash_dash_runs_one_command_in_the_env_with_its_exit_code_and_stdin()
    {
        using var env = NewEnv();
        var run = env.DotnetEnv(["shell", "--", "sh", "-c", "read line; echo \"got $line\"; greet x; echo \"$GREETING\"; exit 7"], stdin: "input\n",
            extraEnv: new Dictionary<string, string?> { ["PATH"] = "/usr/bin:/bin" });
        Assert.Equal(7, run.ExitCode);
        Assert.Equal("got input\nhi x\nit's $HOME\n", run.Stdout);

        var missing = env.DotnetEnv(["shell", "--", "no-such-command"]);
        Assert.Equal(127, missing.ExitCode);
        Assert.StartsWith("ENV0706: 'no-such-command' was not found", missing.Stderr);
    }

    [Fact]
    public void Shell_dash_dash_becomes_the_command_so_signals_reach_it_directly()
    {
        using var env = NewEnv();
        Assert.Equal(0, env.DotnetEnv(["build"]).ExitCode);
        using var process = ProcessRunner.Start(env.DotnetEnvPath, ["shell", "--", "sleep", "30"], env.ProjectDir, env.Environment(), out _);
        var comm = $"/proc/{process.Id}/comm";
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20) && File.ReadAllText(comm).Trim() != "sleep") Thread.Sleep(20);
        Assert.Equal("sleep", File.ReadAllText(comm).Trim());
        using (var interrupt = Process.Start("kill", ["-INT", process.Id.ToString()])) interrupt.WaitForExit();
        Assert.True(process.WaitForExit(5000));
        // Killed by SIGINT itself, not exited by a wrapper that caught it.
        Assert.Equal(128 + 2, process.ExitCode);
    }

    [Theory]
    [InlineData("bash")]
    [InlineData("zsh")]
    [InlineData("fish")]
    public void Shell_starts_the_users_shell_after_its_startup_files_with_deactivate_and_exit(string shell)
    {
        using var env = NewEnv();
        // Startup files that move PATH: the env must still come first, as it is sourced after them.
        Directory.CreateDirectory(Path.Combine(env.Home, ".config", "fish"));
        File.WriteAllText(Path.Combine(env.Home, ".bashrc"), "PATH=/opt/from-rc:$PATH; RC=bashrc\n");
        File.WriteAllText(Path.Combine(env.Home, ".zshrc"), "PATH=/opt/from-rc:$PATH; RC=zshrc\n");
        File.WriteAllText(Path.Combine(env.Home, ".config", "fish", "config.fish"), "set -gx PATH /opt/from-rc $PATH; set -g RC fish\n");
        var script = shell == "fish"
            ? "command -v greet; echo $GREETING; echo $RC; envsdk_deactivate; command -v greet; or echo gone; exit 3\n"
            : "command -v greet; echo \"$GREETING\"; echo $RC; envsdk_deactivate; command -v greet || echo gone; exit 3\n";
        var run = env.DotnetEnv(["shell", "--shell", shell], stdin: script, extraEnv: new Dictionary<string, string?> { ["PATH"] = "/usr/bin:/bin", ["SHELL"] = "/bin/false" });
        Assert.True(run.ExitCode == 3, run.ToString());
        var lines = run.Stdout.Trim().Split('\n');
        Assert.Equal([Path.Combine(ProfileLink.Entry(env.ShellDir), "bin", "greet"), "it's $HOME", shell == "bash" ? "bashrc" : shell == "zsh" ? "zshrc" : "fish", "gone"], lines[^4..]);
    }

    [Fact]
    public void Shell_uses_SHELL_and_gives_other_shells_the_env_in_their_environment()
    {
        using var env = NewEnv();
        var run = env.DotnetEnv(["shell"], stdin: "command -v greet; echo \"$GREETING\"; exit 4\n",
            extraEnv: new Dictionary<string, string?> { ["PATH"] = "/usr/bin:/bin", ["SHELL"] = "/bin/dash" });
        Assert.True(run.ExitCode == 4, run.ToString());
        Assert.Equal([Path.Combine(ProfileLink.Entry(env.ShellDir), "bin", "greet"), "it's $HOME"], run.Stdout.Trim().Split('\n'));
    }

    [Fact]
    public void Build_finds_the_nearest_env_proj_upward_and_passes_msbuild_arguments()
    {
        using var env = NewEnv();
        var sub = Path.Combine(env.ProjectDir, "src", "app");
        Directory.CreateDirectory(sub);
        var build = env.DotnetEnv(["build", "-p:EnvName=custom", "-v:n"], workingDirectory: sub);
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("-custom-profile", File.ReadAllText(Path.Combine(env.ShellDir, "env.json")));

        var failing = env.DotnetEnv(["build", "-t:NoSuchTarget"]);
        Assert.True(failing.ExitCode == 1, failing.ToString());
        Assert.Contains("MSB4057", failing.Stdout);

        var nowhere = env.DotnetEnv(["print"], workingDirectory: env.Home);
        Assert.Equal(1, nowhere.ExitCode);
        Assert.StartsWith("ENV0702: No env.proj (nor env/env.proj) in " + env.Home, nowhere.Stderr);
        Assert.EndsWith(" (dotnet env help ENV0702)", nowhere.Stderr.TrimEnd());
    }

    [Fact]
    public void Dotnet_env_dispatches_to_the_installed_tool()
    {
        using var env = NewEnv();
        var path = env.ToolsDir + ":" + System.Environment.GetEnvironmentVariable("PATH");
        var run = ProcessRunner.RunSplit("dotnet", ["env", "print", "--json"], env.ProjectDir, env.Environment(new Dictionary<string, string?> { ["PATH"] = path }));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(env.ProjectFile, (string?)JObject.Parse(run.Stdout)["project"]);

        var help = ProcessRunner.RunSplit("dotnet", ["env", "--help"], env.ProjectDir, env.Environment(new Dictionary<string, string?> { ["PATH"] = path }));
        Assert.True(help.ExitCode == 0, help.ToString());
        foreach (var verb in new[] { "build", "shell", "print" }) Assert.Contains(verb, help.Stdout);
    }

    [Fact]
    public void Help_explains_a_code_from_the_errors_page_the_tool_carries()
    {
        using var env = new TestEnv(fixture);
        var row = File.ReadLines(Path.Combine(Repo.Root, "docs", "errors.md")).Single(l => l.StartsWith("| ENV0104 |", StringComparison.Ordinal)).Split(" | ");

        var one = env.DotnetEnv(["help", "ENV0104"], workingDirectory: env.Root);
        Assert.True(one.ExitCode == 0, one.ToString());
        Assert.StartsWith("ENV0104 (ENV01xx — downloads)\n\n" + row[1] + "\n\nWhat to do: " + row[2].TrimEnd(' ', '|'), one.Stdout);
        Assert.Equal(one.Stdout, env.DotnetEnv(["help", "104"], workingDirectory: env.Root).Stdout);

        // The list: every code once, with its one-line summary (EnvCode's), by range.
        var all = env.DotnetEnv(["help"], workingDirectory: env.Root);
        Assert.True(all.ExitCode == 0, all.ToString());
        Assert.Contains("  ENV0954  Internal error: an exception Env.Sdk did not expect (its type and message are shown).\n", all.Stdout);
        Assert.Equal(Enum.GetValues<Env.Core.Diagnostics.EnvCode>().Length, all.Stdout.Split('\n').Count(l => l.StartsWith("  ENV", StringComparison.Ordinal)));

        var retired = env.DotnetEnv(["help", "ENV0703"], workingDirectory: env.Root);
        Assert.True(retired.ExitCode == 0, retired.ToString());
        Assert.Contains("retired", retired.Stdout);
        Assert.Contains("ENV0614", retired.Stdout);

        var unknown = env.DotnetEnv(["help", "ENV0199"], workingDirectory: env.Root);
        Assert.Equal(1, unknown.ExitCode);
        Assert.StartsWith("ENV0780: 'ENV0199' is not an Env.Sdk error code. Codes of that hundred: ENV0101, ", unknown.Stderr);
        Assert.EndsWith(" (dotnet env help ENV0780)", unknown.Stderr.TrimEnd());
    }

    /// <summary>
    /// Every verb's --help, run through the installed tool: usage lines as the user types the command (`dotnet env`,
    /// never the executable's name), brackets that pair, each option's text its own (no build's verbosity on a verb that
    /// builds nothing; no placeholder that only repeats the option's name), and no generic text.
    /// </summary>
    [Fact]
    public void Help_of_every_verb_says_dotnet_env_and_describes_its_own_options()
    {
        using var env = new TestEnv(fixture);
        var building = new HashSet<string> { "build", "shell", "print", "add", "remove", "update", "init", "switch" };
        var verbs = new Queue<string[]>([[]]);
        var seen = 0;
        while (verbs.Count > 0)
        {
            var verb = verbs.Dequeue();
            var help = env.DotnetEnv([.. verb, "--help"], workingDirectory: env.Root);
            var name = string.Join(" ", verb);
            Assert.True(help.ExitCode == 0, name + ": " + help);
            seen++;
            var lines = help.Stdout.Split('\n');
            var usage = lines.SkipWhile(l => l != "Usage:").Skip(1).TakeWhile(l => l.Length > 0).ToList();
            Assert.True(usage.Count > 0, name + ": no usage\n" + help.Stdout);
            foreach (var line in usage)
            {
                Assert.True(line.TrimStart().StartsWith(("dotnet env " + name).TrimEnd(), StringComparison.Ordinal), $"{name}: usage line '{line}'");
                Assert.True(Pairs(line), $"{name}: brackets that do not pair in '{line}'");
            }
            Assert.DoesNotContain("dotnet-env", help.Stdout);
            Assert.DoesNotContain("Additional Arguments", help.Stdout);
            Assert.DoesNotContain("the application that is being run", help.Stdout);
            // An option's placeholder says what goes there (<LEVEL>, <NAME>), not the option's own name again.
            foreach (var option in System.Text.RegularExpressions.Regex.Matches(help.Stdout, @"--([a-z-]+) <([^>]+)>").Cast<System.Text.RegularExpressions.Match>())
                Assert.True(option.Groups[1].Value != option.Groups[2].Value, $"{name}: --{option.Groups[1].Value} <{option.Groups[2].Value}>");
            Assert.DoesNotContain("Work on the store itself.", help.Stdout);
            Assert.DoesNotContain("The env.proj to edit", name == "outdated" ? help.Stdout : "");
            if (verb.Length > 0 && !building.Contains(verb[0]))
                Assert.True(!help.Stdout.Contains("build this command", StringComparison.Ordinal) && !help.Stdout.Contains("a build is needed", StringComparison.Ordinal), $"{name} builds nothing, and its help speaks of a build:\n{help.Stdout}");
            // The commands it lists, to ask each in turn.
            foreach (var command in lines.SkipWhile(l => l != "Commands:").Skip(1).TakeWhile(l => l.Length > 0))
                verbs.Enqueue([.. verb, command.Trim().Split(' ', ',')[0]]);
        }
        Assert.True(seen > 20, $"only {seen} help texts");
    }

    /// <summary>Every '[', '&lt;' and '(' closed, in order.</summary>
    private static bool Pairs(string line)
    {
        var open = new Stack<char>();
        foreach (var c in line)
        {
            if (c is '[' or '<' or '(') open.Push(c);
            else if (c is ']' or '>' or ')')
            {
                if (open.Count == 0 || open.Pop() != (c == ']' ? '[' : c == '>' ? '<' : '(')) return false;
            }
        }
        return open.Count == 0;
    }

    private TestEnv NewEnv()
    {
        var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "dl"), "greet-1.0.tar.gz", "greet", "hi");
        env.WriteProject($"""
            <Tool Include="greet" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" />
            <EnvVar Include="GREETING" Value="it&apos;s %24HOME" />
            """);
        return env;
    }
}
