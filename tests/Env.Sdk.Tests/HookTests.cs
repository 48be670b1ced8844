using Env.Core.Shell;

namespace Env.Sdk.Tests;

/// <summary>
/// The prompt hook (<see cref="PromptHook"/>) in the real bash, zsh, fish and pwsh, against envs the real
/// <c>dotnet build</c> made and recorded: entering, leaving and nested envs, a rebuild and a first build picked up at the
/// next prompt, a checkout's unrecorded or edited activate script refused with a notice, a stale env noticed, an env never
/// built here named once, the recommended layout (env/env.proj) active from the repository's other folders; the
/// hook is driven by calling it as the prompt would, and once through a real interactive bash on a pseudo-terminal.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class HookTests(SdkFixture fixture)
{
    private const string PosixScenario = """
        set -eu
        . "$HOOK"
        show() { printf '%s WHO=%s ENV=%s\n' "$1" "${WHO-unset}" "${ENVSDK_ENV-unset}"; }
        P0=$PATH
        cd "$ROOT"; _envsdk_hook; show outside
        cd "$REPO"; _envsdk_hook; show enter
        command -v greet
        _envsdk_hook; show again
        cd "$REPO/sub/deeper"; _envsdk_hook; show nested
        cd "$REPO/src"; _envsdk_hook; show back
        cd "$ROOT"; _envsdk_hook; show leave
        if [ "$PATH" = "$P0" ]; then echo path-restored; fi
        cd "$CLONE"; _envsdk_hook; _envsdk_hook; show clone
        cd "$REPO"; _envsdk_hook
        sed -i 's/"outer"/"rebuilt"/' "$REPO/env.proj"
        dotnet build "$REPO/env.proj" -nr:false -v:q -tl:off >/dev/null
        _envsdk_hook; show rebuilt
        touch -d '+5 seconds' "$REPO/env.proj"
        cd "$ROOT"; _envsdk_hook; cd "$REPO"; _envsdk_hook; _envsdk_hook; show stale
        printf '\necho pwned\n' >>"$REPO/.envsdk/activate"
        cd "$ROOT"; _envsdk_hook; cd "$REPO"; _envsdk_hook; _envsdk_hook; show edited
        cd "$FRESH/src"; _envsdk_hook; _envsdk_hook; show fresh-before
        dotnet build "$FRESH/env/env.proj" -nr:false -v:q -tl:off >/dev/null
        _envsdk_hook; show fresh-after
        """;

    private const string FishScenario = """
        source $HOOK
        function show
            set -l who unset; set -q WHO; and set who $WHO
            set -l e unset; set -q ENVSDK_ENV; and set e $ENVSDK_ENV
            printf '%s WHO=%s ENV=%s\n' $argv[1] $who $e
        end
        set P0 "$PATH"
        cd $ROOT; _envsdk_hook; show outside
        cd $REPO; _envsdk_hook; show enter
        command -v greet
        _envsdk_hook; show again
        cd $REPO/sub/deeper; _envsdk_hook; show nested
        cd $REPO/src; _envsdk_hook; show back
        cd $ROOT; _envsdk_hook; show leave
        test "$PATH" = "$P0"; and echo path-restored
        cd $CLONE; _envsdk_hook; _envsdk_hook; show clone
        cd $REPO; _envsdk_hook
        sed -i 's/"outer"/"rebuilt"/' $REPO/env.proj
        dotnet build $REPO/env.proj -nr:false -v:q -tl:off >/dev/null
        _envsdk_hook; show rebuilt
        touch -d '+5 seconds' $REPO/env.proj
        cd $ROOT; _envsdk_hook; cd $REPO; _envsdk_hook; _envsdk_hook; show stale
        printf '\necho pwned\n' >>$REPO/.envsdk/activate.fish
        cd $ROOT; _envsdk_hook; cd $REPO; _envsdk_hook; _envsdk_hook; show edited
        cd $FRESH/src; _envsdk_hook; _envsdk_hook; show fresh-before
        dotnet build $FRESH/env/env.proj -nr:false -v:q -tl:off >/dev/null
        _envsdk_hook; show fresh-after
        """;

    private const string PwshScenario = """
        Set-StrictMode -Version Latest
        $ErrorActionPreference = 'Stop'
        . $env:HOOK
        function show($n) {
            $who = if (Test-Path Env:WHO) { $env:WHO } else { 'unset' }
            $e = if (Test-Path Env:ENVSDK_ENV) { $env:ENVSDK_ENV } else { 'unset' }
            "$n WHO=$who ENV=$e"
        }
        $P0 = $env:PATH
        Set-Location $env:ROOT; _envsdk_hook; show outside
        Set-Location $env:REPO; _envsdk_hook; show enter
        (Get-Command greet).Source
        _envsdk_hook; show again
        Set-Location $env:REPO/sub/deeper; _envsdk_hook; show nested
        Set-Location $env:REPO/src; _envsdk_hook; show back
        Set-Location $env:ROOT; _envsdk_hook; show leave
        if ($env:PATH -eq $P0) { 'path-restored' }
        Set-Location $env:CLONE; _envsdk_hook; _envsdk_hook; show clone
        Set-Location $env:REPO; _envsdk_hook
        (Get-Content -Raw $env:REPO/env.proj).Replace('"outer"', '"rebuilt"') | Set-Content -NoNewline $env:REPO/env.proj
        & dotnet build $env:REPO/env.proj -nr:false -v:q -tl:off | Out-Null
        _envsdk_hook; show rebuilt
        (Get-Item $env:REPO/env.proj).LastWriteTimeUtc = [DateTime]::UtcNow.AddSeconds(5)
        Set-Location $env:ROOT; _envsdk_hook; Set-Location $env:REPO; _envsdk_hook; _envsdk_hook; show stale
        Add-Content -Path $env:REPO/.envsdk/activate.ps1 -Value "'pwned'"
        Set-Location $env:ROOT; _envsdk_hook; Set-Location $env:REPO; _envsdk_hook; _envsdk_hook; show edited
        Set-Location $env:FRESH/src; _envsdk_hook; _envsdk_hook; show fresh-before
        & dotnet build $env:FRESH/env/env.proj -nr:false -v:q -tl:off | Out-Null
        _envsdk_hook; show fresh-after
        """;

    [Theory]
    [InlineData("bash")]
    [InlineData("zsh")]
    [InlineData("fish")]
    [InlineData("pwsh")]
    public void The_hook_activates_the_nearest_recorded_env_and_refuses_what_no_build_here_recorded(string shell)
    {
        using var env = new TestEnv(fixture);
        var dirs = Envs(env);
        var (file, args) = shell switch
        {
            "bash" => ("bash", new[] { "--norc", "--noprofile", "-c", PosixScenario }),
            "zsh" => ("zsh", ["-f", "-c", PosixScenario]),
            "fish" => ("fish", ["--no-config", "-c", FishScenario]),
            _ => ("pwsh", ["-NoProfile", "-NonInteractive", "-Command", PwshScenario]),
        };
        var run = ProcessRunner.Run(file, args, env.Root, ShellEnvironment(env, dirs, WriteHook(env, shell)));
        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        string Env(string dir) => Path.Combine(dir, "env.proj");
        Assert.Equal(
        [
            "outside WHO=unset ENV=unset",
            $"enter WHO=outer ENV={Env(env.ProjectDir)}",
            Path.Combine(ProfileLink.Entry(env.ShellDir), "bin", "greet"),
            $"again WHO=outer ENV={Env(env.ProjectDir)}",
            $"nested WHO=inner ENV={Env(dirs.Sub)}",
            $"back WHO=outer ENV={Env(env.ProjectDir)}",
            "leave WHO=unset ENV=unset",
            "path-restored",
            "clone WHO=unset ENV=unset",
            $"rebuilt WHO=rebuilt ENV={Env(env.ProjectDir)}",
            $"stale WHO=rebuilt ENV={Env(env.ProjectDir)}",
            "edited WHO=unset ENV=unset",
            "fresh-before WHO=unset ENV=unset",
            $"fresh-after WHO=fresh ENV={Env(Path.Combine(dirs.Fresh, "env"))}",
        ], lines.Where(l => !l.StartsWith("envsdk: ", StringComparison.Ordinal)));
        // Each notice once, though the hook ran again on the same folder; the edited script never ran.
        var notices = lines.Where(l => l.StartsWith("envsdk: ", StringComparison.Ordinal)).ToList();
        Assert.True(notices.Count == 4, run.ToString());
        Assert.Single(notices, n => n.Contains(dirs.Fresh + "/env/env.proj is not built on this machine") && n.Contains("dotnet env build"));
        Assert.Single(notices, n => n.Contains(dirs.Clone + "/.envsdk/activate") && n.Contains("is blocked"));
        Assert.Single(notices, n => n.Contains(env.ProjectDir + "/env.proj") && n.Contains("since the last build"));
        Assert.Single(notices, n => n.Contains(env.ShellDir + "/activate") && n.Contains("was changed since the build"));
        Assert.DoesNotContain("pwned", run.Output);
    }

    [Fact]
    public void An_interactive_bash_runs_the_hook_from_PROMPT_COMMAND_keeps_the_status_and_the_users_PROMPT_COMMAND_under_set_eu()
    {
        using var env = new TestEnv(fixture);
        var dirs = Envs(env);
        var hook = WriteHook(env, "bash");
        // Typed at the prompt of a real interactive bash on a pseudo-terminal; each line ends with a prompt.
        var input = string.Join("\n",
            "PROMPT_COMMAND='mine=$?'",
            $". '{hook}'",
            $". '{hook}'",
            $"cd '{env.ProjectDir}'",
            "false",
            "echo \"A:$WHO:$mine:$PROMPT_COMMAND\"",
            "set -eu",
            $"cd '{dirs.Sub}'",
            "! true",
            "echo \"B:$WHO\"",
            "cd /",
            "echo \"C:${WHO-unset}\"",
            "exit", "");
        var inputFile = Path.Combine(env.Root, "typed");
        File.WriteAllText(inputFile, input);
        var run = ProcessRunner.Run("script", ["-qec", $"bash --norc --noprofile -i < '{inputFile}'", "/dev/null"], env.Root,
            ShellEnvironment(env, dirs, hook), TimeSpan.FromMinutes(1));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("A:outer:1:_envsdk_hook;mine=$?", run.Output);
        Assert.Contains("B:inner", run.Output);
        Assert.Contains("C:unset", run.Output);
    }

    [Theory]
    [InlineData("bash")]
    [InlineData("zsh")]
    public void A_prompt_where_nothing_changed_starts_no_process(string shell)
    {
        using var env = new TestEnv(fixture);
        var dirs = Envs(env);
        var hook = WriteHook(env, shell);
        var log = Path.Combine(env.Root, "strace.log");
        // Entering the env and 1,000 unchanged prompts; the only program started is the shell itself.
        var script = $". '{hook}'; cd '{env.ProjectDir}'; _envsdk_hook; i=0; while [ $i -lt 1000 ]; do _envsdk_hook; i=$((i+1)); done; echo \"$WHO\"";
        var run = ProcessRunner.Run("strace", ["-f", "-qq", "-o", log, "-e", "trace=execve,clone,clone3,fork,vfork", shell, shell == "zsh" ? "-f" : "--norc", "-c", script],
            env.Root, ShellEnvironment(env, dirs, hook));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("outer", run.Output.Trim());
        var calls = File.ReadAllLines(log).Where(l => !l.Contains("exited with") && !l.Contains("+++")).ToList();
        Assert.True(calls.Count == 1 && calls[0].Contains("execve("), string.Join("\n", calls));
    }

    [Fact]
    public void The_build_records_its_scripts_a_lost_record_is_written_again_and_clean_disallows()
    {
        using var env = new TestEnv(fixture);
        Envs(env);
        var record = Path.Combine(env.StateDir, "dev" + env.ProjectDir, ".envsdk");
        foreach (var name in DevShellRecord.HookScripts)
            Assert.Equal(File.ReadAllText(Path.Combine(env.ShellDir, name)), File.ReadAllText(Path.Combine(record, name)));
        Assert.Matches("^[0-9a-f]{16}\n$", File.ReadAllText(Path.Combine(record, "id")));

        // The record is an output of the build: one removed by hand comes back though no input changed.
        Directory.Delete(record, recursive: true);
        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.True(File.Exists(Path.Combine(record, "id")));

        var clean = ProcessRunner.Run("dotnet", ["clean", env.ProjectFile, "-nr:false"], env.ProjectDir, env.Environment());
        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.False(Directory.Exists(record));
        // The nested env's record stays: clean of repo/ disallows repo/ only.
        Assert.True(File.Exists(Path.Combine(env.StateDir, "dev" + env.ProjectDir, "sub", ".envsdk", "id")));
    }

    [Fact]
    public void A_link_on_the_way_to_the_record_fails_the_build_before_the_shell_is_written()
    {
        using var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "dl"), "greet-1.0.tar.gz", "greet", "hi");
        env.WriteProject($"""<Tool Include="greet" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" />""");
        var elsewhere = Directory.CreateDirectory(Path.Combine(env.Root, "elsewhere")).FullName;
        var mirrored = Path.Combine(env.StateDir, "dev" + env.ProjectDir);
        Directory.CreateDirectory(Path.GetDirectoryName(mirrored)!);
        Directory.CreateSymbolicLink(mirrored, elsewhere);

        var build = env.Build();
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error ENV0620", build.Output);
        Assert.DoesNotContain("MSB4018", build.Output);
        Assert.False(File.Exists(Path.Combine(env.ShellDir, "activate")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere));
    }

    /// <summary>
    /// repo/ (WHO=outer, with src/), repo/sub/ a nested env (WHO=inner, with deeper/), both built; clone/ holding a copy of
    /// repo's .envsdk scripts that no build recorded; fresh/ a repository in the recommended layout (fresh/env/env.proj,
    /// WHO=fresh, with src/) not built yet.
    /// </summary>
    private (string Sub, string Clone, string Fresh) Envs(TestEnv env)
    {
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "dl"), "greet-1.0.tar.gz", "greet", "hi");
        var tool = $"""<Tool Include="greet" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" />""";
        env.WriteProject($"""{tool}<EnvVar Include="WHO" Value="outer" />""");
        var sub = Path.Combine(env.ProjectDir, "sub");
        var fresh = Path.Combine(env.Root, "fresh");
        var clone = Path.Combine(env.Root, "clone");
        Directory.CreateDirectory(Path.Combine(sub, "deeper"));
        Directory.CreateDirectory(Path.Combine(env.ProjectDir, "src"));
        Directory.CreateDirectory(Path.Combine(fresh, "env"));
        Directory.CreateDirectory(Path.Combine(fresh, "src"));
        File.Copy(Path.Combine(env.ProjectDir, "nuget.config"), Path.Combine(fresh, "nuget.config"));
        var project = File.ReadAllText(env.ProjectFile);
        File.WriteAllText(Path.Combine(sub, "env.proj"), project.Replace("\"outer\"", "\"inner\""));
        File.WriteAllText(Path.Combine(fresh, "env", "env.proj"), project.Replace("\"outer\"", "\"fresh\""));
        foreach (var dir in new[] { env.ProjectDir, sub })
        {
            var build = ProcessRunner.Run("dotnet", ["build", Path.Combine(dir, "env.proj"), "-nr:false"], dir, env.Environment());
            Assert.True(build.ExitCode == 0, build.ToString());
        }
        Directory.CreateDirectory(Path.Combine(clone, ".envsdk"));
        foreach (var name in DevShellRecord.HookScripts) File.Copy(Path.Combine(env.ShellDir, name), Path.Combine(clone, ".envsdk", name));
        return (sub, clone, fresh);
    }

    private static string WriteHook(TestEnv env, string shell)
    {
        var path = Path.Combine(env.Root, "hook." + (shell == "pwsh" ? "ps1" : shell));
        // As a user gets it: from the installed dotnet-env, which must print exactly Core's text for this state folder.
        var printed = env.DotnetEnv(["hook", shell]);
        Assert.True(printed.ExitCode == 0 && printed.Stderr == "", printed.ToString());
        Assert.Equal(PromptHook.Generate(shell, env.StateDir), printed.Stdout);
        File.WriteAllText(path, printed.Stdout);
        return path;
    }

    private static Dictionary<string, string?> ShellEnvironment(TestEnv env, (string Sub, string Clone, string Fresh) dirs, string hook)
    {
        var environment = env.Environment(new Dictionary<string, string?>
        {
            ["HOOK"] = hook,
            ["ROOT"] = env.Root,
            ["REPO"] = env.ProjectDir,
            ["CLONE"] = dirs.Clone,
            ["FRESH"] = dirs.Fresh,
            ["WHO"] = null,
            ["PROMPT_COMMAND"] = null,
            ["ENVSDK_HOOK_QUIET"] = null,
        });
        // pwsh is a .NET tool: its launcher finds the runtime through DOTNET_ROOT.
        if (System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host) environment["DOTNET_ROOT"] = Path.GetDirectoryName(host);
        return environment;
    }
}
