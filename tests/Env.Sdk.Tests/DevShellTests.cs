using Env.Core;
using Env.Core.Profiles;

namespace Env.Sdk.Tests;

/// <summary>The generated activate script, sourced by the real shells it is for.</summary>
[Collection(SdkCollection.Name)]
public sealed class DevShellTests(SdkFixture fixture)
{
    // Spaces, both quotes, $, backticks, backslashes, a newline, non-ASCII, a trailing space and an empty value.
    private const string Tricky = "a b 'c' \"d\" $HOME `id` \\n\\\\ x\nsecond line é ✓ ";

    [Theory]
    [InlineData("bash")]
    [InlineData("dash")]
    [InlineData("zsh")]
    public void Activate_puts_tools_first_on_PATH_and_sets_variables_exactly(string shell)
    {
        using var env = BuildEnv();
        var run = env.InShell(shell, """
            command -v greet
            printf '%s|' "$TRICKY"; echo
            printf '[%s]\n' "$EMPTY"
            echo "$ENVSDK_ENV"
            """);
        AssertSeesTheEnv(env, run);
    }

    [Theory]
    [InlineData("bash")]
    [InlineData("dash")]
    [InlineData("zsh")]
    public void Deactivate_restores_exactly_what_activate_changed_and_sourcing_twice_does_not_grow_PATH_even_under_set_eu(string shell)
    {
        using var env = BuildEnv();
        var run = env.InShell(shell, """
            after_first=$PATH
            . ./.envsdk/activate
            [ "$PATH" = "$after_first" ] && echo same-path
            envsdk_deactivate
            echo "$PATH"
            echo "${TRICKY-unset}"
            echo "$EMPTY"
            command -v greet || echo no-greet
            """, before: "set -eu; TRICKY=; export TRICKY; EMPTY=kept; export EMPTY");
        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Output.Split('\n');
        Assert.Equal("same-path", lines[0]);
        Assert.Equal("/usr/local/bin:/usr/bin:/bin", lines[1]);
        Assert.Equal("", lines[2]);
        Assert.Equal("kept", lines[3]);
        Assert.Equal("no-greet", lines[4]);
    }

    [Fact]
    public void Fish_activate_puts_tools_first_on_PATH_and_sets_variables_exactly()
    {
        using var env = BuildEnv();
        var run = InFish(env, """
            command -v greet
            printf '%s|\n' "$TRICKY"
            printf '[%s]\n' "$EMPTY"
            echo $ENVSDK_ENV
            env | string match -q -- "TRICKY=*"; and echo exported
            """);
        Assert.Equal("exported", AssertSeesTheEnv(env, run)[5]);
    }

    [Fact]
    public void Fish_deactivate_restores_exactly_what_activate_changed_and_sourcing_twice_does_not_grow_PATH()
    {
        using var env = BuildEnv();
        var run = InFish(env, """
            set after_first "$PATH"
            source ./.envsdk/activate.fish
            test "$PATH" = "$after_first"; and echo same-path
            envsdk_deactivate
            echo "$PATH"
            set -q TRICKY; and echo "[$TRICKY]"; or echo unset
            echo $EMPTY
            command -v greet; or echo no-greet
            functions -q envsdk_deactivate; or echo no-function
            set -q ENVSDK_ENV; or echo no-env
            """, before: "set -gx TRICKY ''; set -gx EMPTY kept");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["same-path", "/usr/local/bin:/usr/bin:/bin", "[]", "kept", "no-greet", "no-function", "no-env"], run.Output.Trim().Split('\n'));
    }

    /// <summary>
    /// What every shell's activation test prints first: the command's path, the tricky value (two lines), the empty
    /// value in brackets and ENVSDK_ENV. Returns the lines, for what a shell checks beyond that.
    /// </summary>
    private static string[] AssertSeesTheEnv(TestEnv env, ProcessResult run)
    {
        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Output.Split('\n');
        Assert.Equal(Path.Combine(ProfileLink.Entry(env.ShellDir), "bin", "greet"), lines[0]);
        Assert.Equal(Tricky + "|", string.Join('\n', lines[1..3]));
        Assert.Equal("[]", lines[3]);
        Assert.Equal(env.ProjectFile, lines[4]);
        return lines;
    }

    /// <summary>Sources .envsdk/activate.fish in the real fish and runs <paramref name="script"/> there.</summary>
    private static ProcessResult InFish(TestEnv env, string script, string before = "") =>
        ProcessRunner.Run("fish", ["--no-config", "-c", $"{before}\nsource ./.envsdk/activate.fish\n{script}"], env.ProjectDir,
            env.Environment(new Dictionary<string, string?> { ["PATH"] = "/usr/local/bin:/usr/bin:/bin" }));

    [Fact]
    public void Pwsh_activate_puts_tools_first_on_PATH_and_sets_variables_exactly()
    {
        using var env = BuildEnv();
        var run = InPwsh(env, """
            (Get-Command greet).Source
            "$env:TRICKY|"
            "[$env:EMPTY]"
            $env:ENVSDK_ENV
            "empty exists: $(Test-Path Env:EMPTY)"
            """);
        Assert.Equal("empty exists: True", AssertSeesTheEnv(env, run)[5]);
    }

    [Fact]
    public void Pwsh_deactivate_restores_exactly_what_activate_changed_and_sourcing_twice_does_not_grow_PATH()
    {
        using var env = BuildEnv();
        var run = InPwsh(env, """
            $afterFirst = $env:PATH
            . ./.envsdk/activate.ps1
            if ($env:PATH -eq $afterFirst) { 'same-path' }
            envsdk_deactivate
            if ($env:PATH -eq $original) { 'path-restored' } else { "path: $env:PATH" }
            if (Test-Path Env:TRICKY) { "[$env:TRICKY]" } else { 'unset' }
            $env:EMPTY
            if (Get-Command greet -ErrorAction Ignore) { 'greet' } else { 'no-greet' }
            if (Get-Command envsdk_deactivate -ErrorAction Ignore) { 'function' } else { 'no-function' }
            if (Test-Path Env:ENVSDK_ENV) { 'env' } else { 'no-env' }
            """, before: "$env:TRICKY = ''; $env:EMPTY = 'kept'; Remove-Item Env:ENVSDK_ENV -ErrorAction Ignore; $original = $env:PATH");
        Assert.True(run.ExitCode == 0, run.ToString());
        // pwsh puts its own folder on PATH as it starts, so "restored" means: as it was before activation.
        Assert.Equal(["same-path", "path-restored", "[]", "kept", "no-greet", "no-function", "no-env"], run.Output.Trim().Split('\n'));
    }

    /// <summary>Dot-sources .envsdk/activate.ps1 in the real PowerShell 7 (pwsh on PATH; .ci/run installs it) and runs <paramref name="script"/>.</summary>
    private static ProcessResult InPwsh(TestEnv env, string script, string before = "")
    {
        var environment = env.Environment(new Dictionary<string, string?> { ["PATH"] = "/usr/local/bin:/usr/bin:/bin" });
        // pwsh is a .NET tool: its launcher finds the runtime through DOTNET_ROOT, whatever PATH the shell gets.
        if (System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host) environment["DOTNET_ROOT"] = Path.GetDirectoryName(host);
        return ProcessRunner.Run("pwsh", ["-NoProfile", "-NonInteractive", "-Command", $"{before}\n. ./.envsdk/activate.ps1\n{script}"], env.ProjectDir, environment);
    }

    [Fact]
    public void A_checkout_moved_elsewhere_regenerates_its_shell_for_the_new_place()
    {
        using var env = BuildEnv();
        var moved = Path.Combine(env.Root, "moved");
        Directory.Move(env.ProjectDir, moved);

        var build = ProcessRunner.Run("dotnet", ["build", Path.Combine(moved, "env.proj"), "-nr:false"], moved, env.Environment());
        Assert.True(build.ExitCode == 0, build.ToString());
        var run = ProcessRunner.Run("bash", ["-c", ". ./.envsdk/activate && command -v greet && greet"], moved,
            env.Environment(new Dictionary<string, string?> { ["PATH"] = "/usr/bin:/bin" }));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal([Path.Combine(ProfileLink.Entry(Path.Combine(moved, ".envsdk")), "bin", "greet"), "hi"], run.Output.Trim().Split('\n'));
    }

    [Fact]
    public void Env_json_lists_path_variables_tools_and_the_hashed_inputs_for_other_tools()
    {
        using var env = BuildEnv();
        var json = Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(Path.Combine(env.ShellDir, "env.json")));
        Assert.Equal(2, (int)json["format"]!);
        Assert.Equal(Path.Combine(env.ShellDir, "profile", "bin"), (string?)json["path"]![0]);
        var tricky = json["variables"]!.Single(v => (string?)v["name"] == "TRICKY");
        Assert.Equal("set", (string?)tricky["op"]);
        Assert.Equal(Tricky, (string?)tricky["value"]);
        var tool = json["tools"]!.Single();
        Assert.Equal("greet 1.0 greet", $"{tool["name"]} {tool["version"]} {tool["commands"]![0]}");
        Assert.StartsWith(env.StoreDir, (string?)tool["storePath"]);
        var inputs = json["inputs"]!.ToDictionary(i => (string)i["path"]!, i => (string?)i["sha256"]);
        Assert.Equal(Env.Core.Shell.EnvManifest.HashOf(env.ProjectFile), inputs[env.ProjectFile]);
        Assert.Equal(Env.Core.Shell.EnvManifest.HashOf(env.LockFile), inputs[env.LockFile]);
        Assert.StartsWith(env.StoreDir, (string?)json["profile"]);
    }

    // A list entry with everything but the separator: spaces, quotes, $, backticks, backslashes, % ! ^ and non-ASCII.
    private const string TrickyEntry = "/with space/$HOME `id` 'q' \"dq\" \\ \\\\ % ! ^ & | é✓";

    /// <summary>What the shells see before activation: a list, an empty list, a variable to unset; SETV, NEWLIST and NEVER do not exist.</summary>
    private static readonly Dictionary<string, string?> Before = new()
    {
        ["LISTV"] = "/orig/a:/orig b",
        ["EMPTYLIST"] = "",
        ["GONE"] = "was here",
        ["SETV"] = null,
        ["NEWLIST"] = null,
        ["NEVER"] = null,
    };

    [Theory]
    [InlineData("bash")]
    [InlineData("dash")]
    [InlineData("zsh")]
    [InlineData("fish")]
    [InlineData("pwsh")]
    public void Every_form_applies_sourcing_twice_is_once_and_deactivate_restores_the_environment_byte_for_byte(string shell)
    {
        using var env = BuildFormsEnv();
        var snapshots = Path.Combine(env.Root, "snapshots");
        Directory.CreateDirectory(snapshots);
        string Snap(string name) => Path.Combine(snapshots, name);
        var run = shell switch
        {
            "fish" => RunShell(env, "fish", ["--no-config", "-c", $"""
                env -0 > {ShellQuote.Fish(Snap("before"))}
                source ./.envsdk/activate.fish
                env -0 > {ShellQuote.Fish(Snap("after1"))}
                source ./.envsdk/activate.fish
                env -0 > {ShellQuote.Fish(Snap("after2"))}
                envsdk_deactivate
                env -0 > {ShellQuote.Fish(Snap("restored"))}
                """]),
            // env -0 run through sh: pwsh's own redirection would re-encode the bytes.
            "pwsh" => RunShell(env, "pwsh", ["-NoProfile", "-NonInteractive", "-Command", $$"""
                function snap($file) { sh -c 'env -0 > "$1"' sh $file }
                snap {{ShellQuote.PowerShell(Snap("before"))}}
                . ./.envsdk/activate.ps1
                snap {{ShellQuote.PowerShell(Snap("after1"))}}
                . ./.envsdk/activate.ps1
                snap {{ShellQuote.PowerShell(Snap("after2"))}}
                envsdk_deactivate
                snap {{ShellQuote.PowerShell(Snap("restored"))}}
                """]),
            _ => RunShell(env, shell, ["-c", $"""
                set -eu
                env -0 > {ShellQuote.Posix(Snap("before"))}
                . ./.envsdk/activate
                env -0 > {ShellQuote.Posix(Snap("after1"))}
                . ./.envsdk/activate
                env -0 > {ShellQuote.Posix(Snap("after2"))}
                envsdk_deactivate
                env -0 > {ShellQuote.Posix(Snap("restored"))}
                : not last, or zsh would exec env as the last command with SHLVL one lower
                """]),
        };
        Assert.True(run.ExitCode == 0, run.ToString());
        var before = ReadEnv(Snap("before"));
        var after = ReadEnv(Snap("after1"));
        var profile = Path.Combine(env.ShellDir, "profile");

        Assert.Equal(Path.Combine(ProfileLink.Entry(env.ShellDir), "bin") + ":" + before["PATH"], after["PATH"]);
        Assert.Equal(Tricky, after["SETV"]);
        Assert.Equal($"{profile}/share/man:{TrickyEntry}:/orig/a:/orig b:/after", after["LISTV"]);
        Assert.Equal("only", after["NEWLIST"]);       // did not exist: no stray separator
        Assert.Equal("first", after["EMPTYLIST"]);    // existed, empty: no stray separator
        Assert.False(after.ContainsKey("GONE"));
        Assert.False(after.ContainsKey("NEVER"));
        Assert.Equal(env.ProjectFile, after["ENVSDK_ENV"]);
        Assert.Equal("", before["EMPTYLIST"]);
        Assert.Equal("was here", before["GONE"]);

        Assert.Empty(Differences(after, ReadEnv(Snap("after2"))));
        Assert.Empty(Differences(before, ReadEnv(Snap("restored"))));
    }

    [Theory]
    [InlineData("bash")]
    [InlineData("dash")]
    [InlineData("zsh")]
    [InlineData("fish")]
    [InlineData("pwsh")]
    public void ShellHook_runs_after_the_variables_only_when_the_shell_is_interactive(string shell)
    {
        using var env = BuildFormsEnv();
        var (interactive, batch) = shell switch
        {
            "fish" => (RunShell(env, "fish", ["--no-config", "-i", "-c", "source ./.envsdk/activate.fish"]),
                       RunShell(env, "fish", ["--no-config", "-c", "source ./.envsdk/activate.fish"])),
            "pwsh" => (RunShell(env, "pwsh", ["-NoProfile", "-NoExit", "-Command", ". ./.envsdk/activate.ps1; exit"]),
                       RunShell(env, "pwsh", ["-NoProfile", "-Command", ". ./.envsdk/activate.ps1"])),
            _ => (RunShell(env, shell, ["-i", "-c", ". ./.envsdk/activate"]), RunShell(env, shell, ["-c", ". ./.envsdk/activate"])),
        };
        Assert.True(interactive.ExitCode == 0, interactive.ToString());
        Assert.Contains($"hook {(shell is "bash" or "dash" or "zsh" ? "sh" : shell)}: only|{Tricky}|", interactive.Output);
        Assert.True(batch.ExitCode == 0, batch.ToString());
        Assert.DoesNotContain("hook", batch.Output);
        if (shell == "pwsh")
        {
            // A script given as pwsh's first argument is not an interactive session either.
            File.WriteAllText(Path.Combine(env.ProjectDir, "script.ps1"), ". ./.envsdk/activate.ps1\n'script ran'\n");
            var script = RunShell(env, "pwsh", ["-NoProfile", "./script.ps1"]);
            Assert.True(script.ExitCode == 0 && script.Output.Contains("script ran"), script.ToString());
            Assert.DoesNotContain("hook", script.Output);
        }
    }

    [Theory]
    [InlineData("bash", ". ./.envsdk/activate")]
    [InlineData("dash", ". ./.envsdk/activate")]
    [InlineData("zsh", ". ./.envsdk/activate")]
    [InlineData("fish", "source ./.envsdk/activate.fish")]
    [InlineData("pwsh", ". ./.envsdk/activate.ps1")]
    public void Sourcing_the_activate_script_starts_no_process(string shell, string source)
    {
        using var env = BuildFormsEnv();
        int Execs(string command)
        {
            var trace = Path.Combine(env.Root, $"trace-{Guid.NewGuid():N}");
            var args = shell switch
            {
                "fish" => new[] { "fish", "--no-config", "-c", command },
                "pwsh" => ["pwsh", "-NoProfile", "-NonInteractive", "-Command", command],
                _ => [shell, "-c", command],
            };
            var run = RunShell(env, "strace", ["-f", "-qq", "-e", "trace=execve", "-o", trace, .. args]);
            Assert.True(run.ExitCode == 0, run.ToString());
            return File.ReadAllLines(trace).Count(l => l.Contains("execve(", StringComparison.Ordinal));
        }
        // The shell alone, then the shell sourcing the script: the same processes (for sh: just the shell's own execve).
        var bare = Execs(shell == "fish" ? "true" : shell == "pwsh" ? "$null" : ":");
        var sourced = Execs(source);
        Assert.Equal(bare, sourced);
        if (shell is "bash" or "dash" or "zsh") Assert.Equal(1, sourced);
    }

    /// <summary>Each variable that differs, as "NAME: [expected] -> [actual]" (absent shown as "(unset)").</summary>
    private static List<string> Differences(Dictionary<string, string> expected, Dictionary<string, string> actual) =>
        expected.Keys.Union(actual.Keys).Where(k => expected.GetValueOrDefault(k) != actual.GetValueOrDefault(k))
            .Select(k => $"{k}: [{expected.GetValueOrDefault(k) ?? "(unset)"}] -> [{actual.GetValueOrDefault(k) ?? "(unset)"}]").ToList();

    private static Dictionary<string, string> ReadEnv(string file) =>
        File.ReadAllText(file).Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(e => e.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv[1]);

    /// <summary>Runs a shell in the project folder with <see cref="Before"/> in its environment.</summary>
    private static ProcessResult RunShell(TestEnv env, string program, string[] args) => ShellProcess.Run(env, program, args, Before);

    private TestEnv BuildFormsEnv()
    {
        var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "dl"), "greet-1.0.tar.gz", "greet", "hi");
        env.WriteProject($"""
            <Tool Include="greet" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" />
            <EnvVar Include="SETV" Value="{MsBuildEscape(Tricky)}" />
            <EnvVar Include="LISTV" Prepend="$(EnvProfileDir)/share/man" />
            <EnvVar Include="LISTV" Append="/after" />
            <EnvVar Include="LISTV" Prepend="{MsBuildEscape(TrickyEntry)}" />
            <EnvVar Include="NEWLIST" Append="only" />
            <EnvVar Include="EMPTYLIST" Prepend="first" />
            <EnvVar Include="GONE" Unset="true" />
            <EnvVar Include="NEVER" Unset="true" />
            <ShellHook Include="sh" Text="{MsBuildEscape("printf 'hook sh: %s|%s|\\n' \"$NEWLIST\" \"$SETV\"")}" />
            <ShellHook Include="fish" Text="{MsBuildEscape("printf 'hook fish: %s|%s|\\n' \"$NEWLIST\" \"$SETV\"")}" />
            <ShellHook Include="pwsh" Text="{MsBuildEscape("\"hook pwsh: $env:NEWLIST|$env:SETV|\"")}" />
            <ShellHook Include="cmd" Text="echo hook cmd" />
            """);
        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        return env;
    }

    /// <summary>A value as an XML attribute MSBuild reads back unchanged: XML-escaped, with MSBuild's own $ @ % ; ' escaped too.</summary>
    private static string MsBuildEscape(string value) =>
        System.Security.SecurityElement.Escape(value.Replace("%", "%25").Replace("$", "%24").Replace("@", "%40").Replace(";", "%3B").Replace("'", "%27"))
            .Replace("\n", "&#10;");

    private TestEnv BuildEnv()
    {
        var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "dl"), "greet-1.0.tar.gz", "greet", "hi");
        var escaped = System.Security.SecurityElement.Escape(Tricky).Replace("\n", "&#10;").Replace("$", "%24").Replace("'", "%27");
        env.WriteProject($"""
            <Tool Include="greet" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" />
            <EnvVar Include="TRICKY" Value="{escaped}" />
            <EnvVar Include="EMPTY" Value="" />
            """);
        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        return env;
    }
}
