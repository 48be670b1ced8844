using System.Diagnostics;
using static Env.Sdk.Tests.TrustShells;

namespace Env.Sdk.Tests;

/// <summary>
/// What the prompt hook reads of a checkout, in the real bash, zsh, fish and pwsh: a huge activate script that came
/// with a pull is not read whole (a bounded read, so the prompt does not freeze), a folder name's escape sequences
/// reach the terminal only as '?', and fish finds a built env whose path holds a newline.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class HookInputTests(SdkFixture fixture)
{
    [Theory]
    [InlineData("bash")]
    [InlineData("zsh")]
    [InlineData("fish")]
    [InlineData("pwsh")]
    public void A_huge_pulled_activate_script_is_not_read_whole_and_folder_names_are_printed_safely(string shell)
    {
        using var env = new TestEnv(fixture);
        WriteEnv(env);
        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        // 50 MB at each shell's name, as a pull could bring them (zsh read this byte by byte: 26 s).
        foreach (var name in new[] { "activate", "activate.fish", "activate.ps1" })
        {
            using var file = File.Create(Path.Combine(env.ShellDir, name));
            file.SetLength(50 * 1024 * 1024);
        }
        // A clone whose folder name holds escape sequences (a title change, a colour), not built here.
        var clone = Path.Combine(env.Root, "clone\u001b]0;owned\u0007\u001b[31mred");
        Directory.CreateDirectory(Path.Combine(clone, ".envsdk"));
        foreach (var name in new[] { "activate", "activate.fish", "activate.ps1" }) File.WriteAllText(Path.Combine(clone, ".envsdk", name), "# x\n");

        var hook = WriteHook(env, shell);
        var (program, args) = shell switch
        {
            "bash" => ("bash", new[] { "--norc", "--noprofile", "-c", $". '{hook}'; cd \"$CLONE\"; _envsdk_hook; cd \"$REPO\"; _envsdk_hook; echo done" }),
            "zsh" => ("zsh", ["-f", "-c", $". '{hook}'; cd \"$CLONE\"; _envsdk_hook; cd \"$REPO\"; _envsdk_hook; echo done"]),
            "fish" => ("fish", ["--no-config", "-c", $"source '{hook}'; cd $CLONE; _envsdk_hook; cd $REPO; _envsdk_hook; echo done"]),
            _ => ("pwsh", ["-NoProfile", "-NonInteractive", "-Command", $". '{hook}'; Set-Location -LiteralPath $env:CLONE; _envsdk_hook; Set-Location $env:REPO; _envsdk_hook; 'done'"]),
        };
        var environment = ShellEnvironment(env);
        environment["ENVSDK_HOOK_QUIET"] = null;
        environment["CLONE"] = clone;
        var clock = Stopwatch.StartNew();
        var run = ProcessRunner.Run(program, args, env.Root, environment, TimeSpan.FromMinutes(2));
        clock.Stop();
        Assert.True(run.ExitCode == 0 && run.Output.Contains("done"), run.ToString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"{clock.Elapsed}: {run}");
        Assert.Contains("was changed since the build", run.Output);
        Assert.DoesNotContain('\u001b', run.Output);
        Assert.DoesNotContain('\u0007', run.Output);
        Assert.Contains("clone?]0;owned??[31mred/.envsdk/activate", run.Output);
        Assert.Contains("is blocked", run.Output);
    }

    [Fact]
    public void Fish_activates_a_built_env_whose_path_holds_a_newline()
    {
        using var env = new TestEnv(fixture);
        WriteEnv(env);
        var odd = Path.Combine(env.Root, "two\nlines");
        BuildCopy(env, odd);
        var hook = WriteHook(env, "fish");
        var environment = ShellEnvironment(env);
        environment["ENVSDK_HOOK_QUIET"] = null;
        environment["ODD"] = odd;
        var run = ProcessRunner.Run("fish", ["--no-config", "-c", $"source '{hook}'; cd $ODD; _envsdk_hook; greet; printf '%s|' $ENVSDK_ENV"], env.Root, environment);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.DoesNotContain("blocked", run.Output);
        Assert.Equal(["hi", Path.Combine(odd, "env.proj") + "|"], run.Output.Split('\n', 2).Select(l => l.Trim()));
    }

    [Fact]
    public void Dotnet_env_build_builds_a_project_whose_path_holds_a_double_quote()
    {
        using var env = new TestEnv(fixture);
        WriteEnv(env);
        var quoted = Path.Combine(env.Root, "say \"hi\"");
        Directory.CreateDirectory(quoted);
        foreach (var name in new[] { "env.proj", "nuget.config" }) File.Copy(Path.Combine(env.ProjectDir, name), Path.Combine(quoted, name));
        var build = env.DotnetEnv(["build", Path.Combine(quoted, "env.proj")], workingDirectory: env.Root);
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotContain("MSB1009", build.ToString());
        Assert.True(File.Exists(Path.Combine(quoted, ".envsdk", "activate")));
        // From inside, where the relative path holds no quote, too.
        var print = env.DotnetEnv(["print"], workingDirectory: quoted);
        Assert.True(print.ExitCode == 0, print.ToString());
        Assert.Contains(env.StoreDir, print.Stdout);
    }
}
