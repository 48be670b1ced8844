using System.Text.Json;

namespace Env.Sdk.Tests;

/// <summary>
/// `dotnet env uninstall` end to end (issue 18): a home switched twice with the real `dotnet-env` (the first with a
/// backup of the user's file) goes back to what it was before the first switch, except what the user changed since,
/// which is kept and reported; a second uninstall is ENV0945; gc then frees the generations' entries.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class HomeUninstallTests(SdkFixture fixture)
{
    private static readonly Dictionary<string, string?> AsJ = new() { ["USER"] = "j" };

    [Fact]
    public void Uninstall_takes_the_home_back_to_before_the_first_switch_keeping_what_the_user_changed()
    {
        using var env = new TestEnv(fixture);
        Directory.CreateDirectory(Path.Combine(env.ProjectDir, "dotfiles", "nvim"));
        File.WriteAllText(Path.Combine(env.ProjectDir, "dotfiles", "gitconfig"), "[user]\n\tname = j\n");
        File.WriteAllText(Path.Combine(env.ProjectDir, "dotfiles", "bashrc"), "# from the home env\n");
        File.WriteAllText(Path.Combine(env.ProjectDir, "dotfiles", "nvim", "init.lua"), "-- one\n");
        env.WriteProject("""
            <HomeFile Include=".config/git/config" Source="dotfiles/gitconfig" />
            <HomeFile Include=".config/nvim" Source="dotfiles/nvim/" />
            <HomeFile Include=".bashrc" Source="dotfiles/bashrc" />
            """, "<EnvKind>Home</EnvKind>");
        File.WriteAllText(Path.Combine(env.Home, ".bashrc"), "# mine\n");
        Directory.CreateDirectory(Path.Combine(env.Home, ".config", "empty-of-mine"));
        var built = env.DotnetEnv(["build"], extraEnv: AsJ);
        Assert.True(built.ExitCode == 0, built.ToString());
        var before = HomeSnapshot(env);

        var first = env.DotnetEnv(["switch", "-b", "bak"], extraEnv: AsJ);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal("# mine\n", File.ReadAllText(Path.Combine(env.Home, ".bashrc.bak")));
        File.WriteAllText(Path.Combine(env.ProjectDir, "dotfiles", "nvim", "init.lua"), "-- two\n");
        var second = env.DotnetEnv(["switch"], extraEnv: AsJ);
        Assert.True(second.ExitCode == 0, second.ToString());
        var entries = Generations(env).Select(g => g.GetProperty("entry").GetString()!).ToList();
        Assert.Equal(2, entries.Count);
        // The user replaces one of the generation's links with a file of their own.
        var gitconfig = Path.Combine(env.Home, ".config/git/config");
        File.Delete(gitconfig);
        File.WriteAllText(gitconfig, "# my own now\n");

        var switched = HomeSnapshot(env);
        var dry = env.DotnetEnv(["uninstall", "--dry-run"], extraEnv: AsJ);
        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.True(dry.Stderr.Contains("  remove   ~/.config/nvim/init.lua\n", StringComparison.Ordinal), dry.ToString());
        Assert.True(dry.Stderr.Contains("  restore  ~/.bashrc (from ~/.bashrc.bak)\n", StringComparison.Ordinal), dry.ToString());
        Assert.True(dry.Stderr.Contains("Nothing was changed (--dry-run)", StringComparison.Ordinal), dry.ToString());
        Assert.Equal(switched, HomeSnapshot(env));

        var uninstalled = env.DotnetEnv(["uninstall"], extraEnv: AsJ);
        Assert.True(uninstalled.ExitCode == 0, uninstalled.ToString());
        Assert.True(uninstalled.Stderr.Contains("  kept     ~/.config/git/config: not what generation 2 put there", StringComparison.Ordinal), uninstalled.ToString());
        Assert.True(uninstalled.Stderr.Contains("Uninstalled the home: 2 removed, 1 restored, 1 kept; forgot generations 1, 2 and the session", StringComparison.Ordinal), uninstalled.ToString());
        // The startup file's line is the user's to remove: each shell's is named, none is edited.
        Assert.True(uninstalled.Stderr.Contains($"the line that sources {Path.Combine(env.StateDir, "home", "profile", "env.sh")}", StringComparison.Ordinal), uninstalled.ToString());
        Assert.True(uninstalled.Stderr.Contains("env.fish", StringComparison.Ordinal) && uninstalled.Stderr.Contains("env.ps1", StringComparison.Ordinal), uninstalled.ToString());
        var after = HomeSnapshot(env);
        // Byte for byte as before the first switch, but for the file the user made and the folder that holds it.
        Assert.True(after.Remove(".config/git/config", out var mine) && after.Remove(".config/git", out _), string.Join("\n", after.Keys));
        Assert.Equal(before, after);
        Assert.Equal("# my own now\n", File.ReadAllText(gitconfig));
        Assert.Equal("# mine\n", File.ReadAllText(Path.Combine(env.Home, ".bashrc")));
        Assert.Equal([".lock"], Directory.EnumerateFileSystemEntries(Path.Combine(env.StateDir, "home")).Select(Path.GetFileName));
        _ = mine;

        var again = env.DotnetEnv(["uninstall"], extraEnv: AsJ);
        Assert.Equal(1, again.ExitCode);
        Assert.True(again.Stderr.Contains("ENV0945: There is nothing to uninstall", StringComparison.Ordinal), again.ToString());

        // gc frees the generations: the first at once, the last once the checkout's .envsdk/result no longer holds it.
        var gc = env.DotnetEnv(["gc"], extraEnv: AsJ);
        Assert.True(gc.ExitCode == 0, gc.ToString());
        Assert.False(Directory.Exists(entries[0]), gc.ToString());
        Assert.True(Directory.Exists(entries[1]), gc.ToString());
        File.Delete(Path.Combine(env.ProjectDir, ".envsdk", "result"));
        var gc2 = env.DotnetEnv(["gc"], extraEnv: AsJ);
        Assert.True(gc2.ExitCode == 0, gc2.ToString());
        Assert.False(Directory.Exists(entries[1]), gc2.ToString());
    }

    /// <summary>The home, without what the dotnet CLI keeps there for itself (DOTNET_CLI_HOME is the test's HOME).</summary>
    private static Dictionary<string, string> HomeSnapshot(TestEnv env) =>
        TestEnv.Snapshot(env.Home).Where(e => !e.Key.StartsWith(".dotnet", StringComparison.Ordinal) && !e.Key.StartsWith(".nuget", StringComparison.Ordinal))
            .ToDictionary();

    private static List<JsonElement> Generations(TestEnv env)
    {
        var list = env.DotnetEnv(["generations", "--json"], extraEnv: AsJ);
        Assert.True(list.ExitCode == 0, list.ToString());
        return JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray().ToList();
    }
}
