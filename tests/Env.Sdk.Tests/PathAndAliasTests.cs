using Env.Core.Profiles;

namespace Env.Sdk.Tests;

/// <summary>
/// EnvVar PATH entries and ShellAlias items, built by the real SDK and sourced by the real shells: the entries in their
/// order around the PATH the shell had, the alias run with its arguments, and deactivation giving back PATH byte for byte
/// and the user's own alias (or function) of the same name. A shell that is not installed fails the test.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class PathAndAliasTests(SdkFixture fixture)
{
    /// <summary>A relative entry (taken from the project's folder) with a space, both quotes, '$' and '*', each literal.</summary>
    private const string TrickyEntry = "pre 'q' \"d\" $x *";

    private const string ShellPath = ShellProcess.SystemPath;

    [Theory]
    [InlineData("bash")]
    [InlineData("dash")]
    [InlineData("zsh")]
    [InlineData("fish")]
    [InlineData("pwsh")]
    public void Path_entries_go_around_the_shells_PATH_the_alias_runs_and_deactivate_gives_back_both(string shell)
    {
        using var env = BuildEnv();
        var run = shell switch
        {
            "fish" => Run(env, "fish", ["--no-config", "-c", """
                function say; echo user $argv; end
                set before "$PATH"
                echo $before
                source ./.envsdk/activate.fish
                string join : $PATH
                say x; echo
                envsdk_deactivate
                test "$PATH" = "$before"; and echo path-restored
                say x
                """]),
            "pwsh" => Run(env, "pwsh", ["-NoProfile", "-NonInteractive", "-Command", """
                function userSay { "user $args" }
                Set-Alias -Name say -Value userSay
                $before = $env:PATH
                $before
                . ./.envsdk/activate.ps1
                $env:PATH
                (say x) -join ''
                envsdk_deactivate
                if ($env:PATH -ceq $before) { 'path-restored' }
                say x
                """]),
            _ => Run(env, shell, ["-c", """
                [ -n "${BASH_VERSION:-}" ] && shopt -s expand_aliases
                alias say='echo user'
                before=$PATH
                printf '%s\n' "$before"
                . ./.envsdk/activate
                printf '%s\n' "$PATH"
                eval 'say x'; echo
                envsdk_deactivate
                [ "$PATH" = "$before" ] && echo path-restored
                eval 'say x'
                """]),
        };
        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Output.Split('\n');
        var tools = Path.Combine(ProfileLink.Entry(env.ShellDir), "bin");
        // The PATH the shell had (pwsh puts its own folder first at start: /opt/pwsh, or the .NET tool's folder).
        Assert.StartsWith(ShellPath, lines[0].Replace("/opt/pwsh:", "").Replace(ShellProcess.PwshDir().TrimStart(':') + ":", ""));
        Assert.Equal($"{tools}:{env.ProjectDir}/pre dir:{env.ProjectDir}/{TrickyEntry}:{lines[0]}:/post", lines[1]);
        Assert.Equal("a b|it's|x|", lines[2]);
        Assert.Equal("path-restored", lines[3]);
        Assert.Equal("user x", lines[4]);
    }

    [Fact]
    public void Exec_and_the_final_value_formats_carry_the_entries_in_the_same_order()
    {
        using var env = BuildEnv();
        var run = ProcessRunner.Run(Path.Combine(env.ShellDir, "exec"), ["sh", "-c", "printf '%s' \"$PATH\""], env.ProjectDir,
            env.Environment(new Dictionary<string, string?> { ["PATH"] = ShellPath }));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal($"{Path.Combine(ProfileLink.Entry(env.ShellDir), "bin")}:{env.ProjectDir}/pre dir:{env.ProjectDir}/{TrickyEntry}:{ShellPath}:/post", run.Output.TrimEnd('\n'));
        // .env's readers share no quoting for a value with both quotes and '$': PATH is left out, said so, never half-read.
        Assert.Contains("# PATH is left out", File.ReadAllText(Path.Combine(env.ShellDir, ".env")));
        var json = env.DotnetEnv(["print", "--format", "json"]);
        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Contains("\"PATH\": {", json.Stdout);
        Assert.Contains("/post", json.Stdout);
    }

    [Theory]
    [InlineData("""<EnvVar Include="PATH" Value="/x" />""", "ENV0027")]
    [InlineData("""<EnvVar Include="PATH" Prepend="/a:/b" />""", "ENV0028")]
    [InlineData("""<ShellAlias Include="cd" Command="ls" />""", "ENV0029")]
    [InlineData("""<ShellAlias Include="ll" Command="ls&#10;rm x" />""", "ENV0032")]
    [InlineData("""<ShellAliases Include="ll" Command="ls" />""", "ENV0035")]
    public void Refused_items_fail_the_restore_with_their_code_before_anything_is_written(string item, string code)
    {
        using var env = new TestEnv(fixture);
        env.WriteProject(item);
        var build = env.Build();
        Assert.Contains(code, build.Output);
        if (code != "ENV0035")
        {
            Assert.NotEqual(0, build.ExitCode);
            Assert.False(Directory.Exists(env.ShellDir), build.ToString());
        }
    }

    private TestEnv BuildEnv()
    {
        var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "dl"), "greet-1.0.tar.gz", "greet", "hi");
        env.WriteProject($"""
            <Tool Include="greet" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" />
            <EnvVar Include="PATH" Append="/post" />
            <EnvVar Include="PATH" Prepend="$(MSBuildProjectDirectory)/pre dir" />
            <EnvVar Include="PATH" Prepend="pre &apos;q&apos; &quot;d&quot; %24x %2A" />
            <ShellAlias Include="say" Command="printf &apos;%25s|&apos; &apos;a b&apos; &quot;it&apos;s&quot;" />
            """);
        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        return env;
    }

    private static ProcessResult Run(TestEnv env, string program, string[] args) => ShellProcess.Run(env, program, args);
}
