namespace Env.Sdk.Tests;

/// <summary>
/// Issue 18 end to end with the real `dotnet-env` in a temporary HOME: activations ordered by `After=`, a HomeFile's
/// `OnChange` run once when its content changed and not on a no-op switch, what a switch changed printed as `nvd diff`
/// does, `generations --diff A B`, and `generations --remove N`.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class HomeSwitchChangesTests(SdkFixture fixture)
{
    private static readonly Dictionary<string, string?> AsJ = new() { ["USER"] = "j" };

    /// <summary>The activations are listed in env.proj in the reverse of the order After= makes them run.</summary>
    private static void WriteProject(TestEnv env, string greetVersion, string archive, string editor) =>
        env.WriteProject($"""
            <Tool Include="greet" Version="{greetVersion}" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" />
            <HomeFile Include=".config/git/config" Source="dotfiles/gitconfig" OnChange="echo git >> ran.log" />
            <HomeFile Include=".config/nvim" Source="dotfiles/nvim/" OnChange="echo nvim >> ran.log" />
            <HomeFile Include=".config/nvim-too" Text="x" OnChange="echo nvim >> ran.log" />
            <EnvVar Include="EDITOR" Value="{editor}" />
            <HomeActivation Include="c" Command="echo c >> ran.log" After="b" />
            <HomeActivation Include="b" Command="greet b >> ran.log" After="a" />
            <HomeActivation Include="a" Command="echo a >> ran.log" />
            """, "<EnvKind>Home</EnvKind>");

    private static string Ran(TestEnv env)
    {
        var log = Path.Combine(env.Home, "ran.log");
        var text = File.Exists(log) ? File.ReadAllText(log) : "";
        File.Delete(log);
        return text.Replace('\n', ' ').Trim();
    }

    [Fact]
    public void Switches_run_ordered_activations_and_OnChange_print_their_diff_and_generations_compare_and_remove()
    {
        using var env = new TestEnv(fixture);
        var one = TestArchives.TarGzTool(Path.Combine(env.Root, "dl"), "greet-1.0.tar.gz", "greet", "hi");
        var two = TestArchives.TarGzTool(Path.Combine(env.Root, "dl"), "greet-2.0.tar.gz", "greet", "hello");
        Directory.CreateDirectory(Path.Combine(env.ProjectDir, "dotfiles", "nvim"));
        File.WriteAllText(Path.Combine(env.ProjectDir, "dotfiles", "gitconfig"), "[user]\n\tname = j\n");
        File.WriteAllText(Path.Combine(env.ProjectDir, "dotfiles", "nvim", "init.lua"), "-- one\n");
        WriteProject(env, "1.0", one, "nvim");

        var first = env.DotnetEnv(["switch"], extraEnv: AsJ);
        Assert.True(first.ExitCode == 0, first.ToString());
        // OnChange first (each distinct command once, in item order), then the activations in After's order.
        Assert.Equal("git nvim a hi b c", Ran(env));
        Assert.True(first.Stderr.EndsWith("""
            Switched to new generation 1: 3 created, 0 replaced, 0 removed, 0 backed up, 0 unchanged.
              tools:
                + greet 1.0
              files:
                + ~/.config/git/config
                + ~/.config/nvim-too
                + ~/.config/nvim/init.lua
              variables:
                + EDITOR=nvim

            """, StringComparison.Ordinal), first.ToString());

        // The tool's version, a dotfile and a variable change; nvim's files do not, so its OnChange does not run.
        File.WriteAllText(Path.Combine(env.ProjectDir, "dotfiles", "gitconfig"), "[user]\n\tname = J\n");
        WriteProject(env, "2.0", two, "vim");
        var second = env.DotnetEnv(["switch"], extraEnv: AsJ);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal("git a hello b c", Ran(env));
        const string changes = """
              tools:
                ~ greet 1.0 → 2.0
              files:
                ~ ~/.config/git/config
              variables:
                ~ EDITOR=nvim → EDITOR=vim

            """;
        // The places stay as they are: their links lead through the fixed link, which the switch swapped.
        Assert.True(second.Stderr.EndsWith("Switched to new generation 2: 0 created, 0 replaced, 0 removed, 0 backed up, 3 unchanged.\n" + changes, StringComparison.Ordinal), second.ToString());

        var noop = env.DotnetEnv(["switch"], extraEnv: AsJ);
        Assert.True(noop.ExitCode == 0, noop.ToString());
        Assert.Equal("Nothing to do: generation 2 is current and in place (3 files).\n", noop.Stderr);
        Assert.Equal("", Ran(env));

        var diff = env.DotnetEnv(["generations", "--diff", "1", "current"], extraEnv: AsJ);
        Assert.True(diff.ExitCode == 0, diff.ToString());
        Assert.Equal("Generation 1 → 2:\n" + changes, diff.Stdout);
        var back = env.DotnetEnv(["generations", "--diff", "2", "1"], extraEnv: AsJ);
        Assert.Equal("""
            Generation 2 → 1:
              tools:
                ~ greet 2.0 → 1.0
              files:
                ~ ~/.config/git/config
              variables:
                ~ EDITOR=vim → EDITOR=nvim

            """, back.Stdout);
        var same = env.DotnetEnv(["generations", "--diff", "2", "2"], extraEnv: AsJ);
        Assert.Equal("Generation 2 → 2:\n  No tools, files or variables differ.\n", same.Stdout);
        var unknown = env.DotnetEnv(["generations", "--diff", "1", "7"], extraEnv: AsJ);
        Assert.Equal(1, unknown.ExitCode);
        Assert.True(unknown.Stderr.Contains("ENV0917: '7' is not a kept generation. Kept generations: 1, 2;", StringComparison.Ordinal), unknown.ToString());

        // Rollback changes the git config back: its OnChange runs again.
        var rollback = env.DotnetEnv(["rollback"], extraEnv: AsJ);
        Assert.True(rollback.ExitCode == 0, rollback.ToString());
        Assert.Equal("git a hi b c", Ran(env));
        Assert.True(env.DotnetEnv(["switch", "--generation", "2"], extraEnv: AsJ).ExitCode == 0);
        Ran(env);

        var current = env.DotnetEnv(["generations", "--remove", "2"], extraEnv: AsJ);
        Assert.Equal(1, current.ExitCode);
        Assert.True(current.Stderr.Contains("ENV0934: Generation 2 is the current one and cannot be removed.", StringComparison.Ordinal), current.ToString());
        var missing = env.DotnetEnv(["generations", "--remove", "1", "5"], extraEnv: AsJ);
        Assert.Equal(1, missing.ExitCode);
        Assert.True(missing.Stderr.Contains("ENV0917: There is no generation 5 to remove. Kept generations: 1, 2. Nothing was removed.", StringComparison.Ordinal), missing.ToString());
        var removed = env.DotnetEnv(["generations", "--remove", "1"], extraEnv: AsJ);
        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.Equal("Removed generation 1; 'dotnet env gc' can now free their store entries.\n", removed.Stderr);
        var listed = env.DotnetEnv(["generations"], extraEnv: AsJ);
        Assert.Matches(@"^\*\s+2\s", listed.Stdout);
        Assert.Single(listed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var gc = env.DotnetEnv(["gc"], extraEnv: AsJ);
        Assert.True(gc.ExitCode == 0, gc.ToString());
    }

    [Fact]
    public void An_After_cycle_is_refused_at_build_with_its_path_before_anything_is_written()
    {
        using var env = new TestEnv(fixture);
        env.WriteProject("""
            <HomeFile Include=".x" Text="x" />
            <HomeActivation Include="a" Command="true" After="c" />
            <HomeActivation Include="b" Command="true" After="a" />
            <HomeActivation Include="c" Command="true" After="b" />
            """, "<EnvKind>Home</EnvKind>");
        var built = env.DotnetEnv(["switch"], extraEnv: AsJ);
        Assert.NotEqual(0, built.ExitCode);
        Assert.True(built.ToString().Contains("ENV0933: HomeActivation After makes a cycle: a -> c -> b -> a;", StringComparison.Ordinal), built.ToString());
        Assert.False(File.Exists(Path.Combine(env.ProjectDir, "env.lock.json")));
        Assert.False(Directory.Exists(Path.Combine(env.ProjectDir, ".envsdk")));
        Assert.False(Directory.Exists(Path.Combine(env.StateDir, "home", "generations")));
    }
}
