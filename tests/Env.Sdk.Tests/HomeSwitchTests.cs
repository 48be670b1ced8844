using System.Text.Json;
using Env.Core.Home;

namespace Env.Sdk.Tests;

/// <summary>
/// Home environments end to end (issue 8): a home repository built and switched with the real `dotnet-env` and `dotnet
/// build -t:Switch` into a temporary HOME: links, generations with their git commit, the session profile in a real shell,
/// collisions and backups, rollback, a no-op switch that builds nothing, configurations, and `--from` a git repository at
/// a commit.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class HomeSwitchTests(SdkFixture fixture)
{
    /// <summary>The user the CLI and the SDK see, so `homes/j.props` is the configuration chosen.</summary>
    private static readonly Dictionary<string, string?> AsJ = new() { ["USER"] = "j" };

    private static TestEnv HomeRepo(SdkFixture fixture)
    {
        var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "dl"), "greet-1.0.tar.gz", "greet", "hi");
        Directory.CreateDirectory(Path.Combine(env.ProjectDir, "homes"));
        File.WriteAllText(Path.Combine(env.ProjectDir, "homes", "common.props"), """
            <Project>
              <ItemGroup>
                <HomeFile Include=".config/git/config" Source="dotfiles/gitconfig" />
                <EnvVar Include="EDITOR" Value="nvim" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(env.ProjectDir, "homes", "j.props"), """
            <Project>
              <Import Project="common.props" />
              <ItemGroup><EnvVar Include="WHERE" Value="j" /></ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(env.ProjectDir, "homes", "work.props"), """
            <Project>
              <Import Project="common.props" />
              <ItemGroup>
                <EnvVar Include="WHERE" Value="work" />
                <HomeFile Include=".config/work/proxy" Text="http://proxy:3128" />
              </ItemGroup>
            </Project>
            """);
        Directory.CreateDirectory(Path.Combine(env.ProjectDir, "dotfiles", "nvim"));
        File.WriteAllText(Path.Combine(env.ProjectDir, "dotfiles", "gitconfig"), "[user]\n\tname = j\n");
        File.WriteAllText(Path.Combine(env.ProjectDir, "dotfiles", "nvim", "init.lua"), "-- one\n");
        env.WriteProject($"""
            <Tool Include="greet" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" />
            <HomeFile Include=".config/nvim" Source="dotfiles/nvim/" />
            <HomeActivation Include="mark" Command="greet activated > .activated" />
            """, "<EnvKind>Home</EnvKind>");
        File.WriteAllText(Path.Combine(env.ProjectDir, ".gitignore"), ".envsdk/\n");
        Git(env, "init", "-q");
        Git(env, "add", "-A");
        Git(env, "commit", "-qm", "home");
        return env;
    }

    [Fact]
    public void Switch_links_the_home_records_generations_with_their_commit_and_rolls_back()
    {
        using var env = HomeRepo(fixture);
        // The first build writes the configuration's lock, which is committed as a user would.
        var built = env.DotnetEnv(["build"], extraEnv: AsJ);
        Assert.True(built.ExitCode == 0, built.ToString());
        Git(env, "add", "homes/j.lock.json");
        Git(env, "commit", "-qm", "lock");
        var commit = Git(env, "rev-parse", "HEAD");

        var first = env.DotnetEnv(["switch"], extraEnv: AsJ);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(first.Stderr.Contains("Switched to new generation 1 (j): 2 created", StringComparison.Ordinal), first.ToString());
        // Through the fixed link in the state folder, which leads into the store.
        var link = new FileInfo(Path.Combine(env.Home, ".config/git/config")).LinkTarget!;
        Assert.Equal(Path.Combine(env.StateDir, "home", "files", ".config/git/config"), link);
        Assert.StartsWith(env.StoreDir + "/", new FileInfo(Path.Combine(env.StateDir, "home", "files")).LinkTarget!);
        Assert.Equal("[user]\n\tname = j\n", File.ReadAllText(Path.Combine(env.Home, ".config/git/config")));
        Assert.Equal("-- one\n", File.ReadAllText(Path.Combine(env.Home, ".config/nvim/init.lua")));
        Assert.Equal("hi activated\n", File.ReadAllText(Path.Combine(env.Home, ".activated")));
        var listed = Generations(env);
        Assert.Equal(commit, listed[0].GetProperty("commit").GetString());
        Assert.False(listed[0].GetProperty("dirty").GetBoolean());
        Assert.Equal("j", listed[0].GetProperty("configuration").GetString());

        // The session: sourced once from a startup file, the tools and variables are there; sourced twice, PATH is not doubled.
        var profile = Path.Combine(env.StateDir, "home", "profile");
        var session = ProcessRunner.Run("bash", ["-c", $". '{profile}/env.sh'; . '{profile}/env.sh'; greet; echo \"$EDITOR $WHERE\"; echo \"$PATH\" | tr ':' '\\n' | grep -c envsdk/home/profile"],
            env.Home, env.Environment(new Dictionary<string, string?> { ["PATH"] = "/usr/bin:/bin" }));
        Assert.True(session.ExitCode == 0, session.ToString());
        Assert.Equal("hi \nnvim j\n1\n", session.Output);

        // An edited dotfile (not committed): the next switch builds and records generation 2, its commit marked as changed.
        File.WriteAllText(Path.Combine(env.ProjectDir, "dotfiles", "nvim", "init.lua"), "-- two\n");
        var second = env.DotnetEnv(["switch"], extraEnv: AsJ);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.True(second.Stderr.Contains("Switched to new generation 2 (j)", StringComparison.Ordinal), second.ToString());
        Assert.Equal("-- two\n", File.ReadAllText(Path.Combine(env.Home, ".config/nvim/init.lua")));
        Assert.True(Generations(env)[1].GetProperty("dirty").GetBoolean());

        // Nothing changed: no build, no new generation.
        var noop = env.DotnetEnv(["switch"], extraEnv: AsJ);
        Assert.True(noop.ExitCode == 0, noop.ToString());
        Assert.Equal("Nothing to do: generation 2 (j) is current and in place (2 files).\n", noop.Stderr);

        var back = env.DotnetEnv(["rollback"], extraEnv: AsJ);
        Assert.True(back.ExitCode == 0, back.ToString());
        Assert.Equal("-- one\n", File.ReadAllText(Path.Combine(env.Home, ".config/nvim/init.lua")));
        var text = env.DotnetEnv(["generations"], extraEnv: AsJ);
        Assert.Matches(@"^\*\s+1\s", text.Stdout.Split('\n')[0]);
        Assert.Contains(commit[..12] + "+changes", text.Stdout.Split('\n')[1]);
        var forward = env.DotnetEnv(["switch", "--generation", "2"], extraEnv: AsJ);
        Assert.True(forward.ExitCode == 0, forward.ToString());
        Assert.Equal("-- two\n", File.ReadAllText(Path.Combine(env.Home, ".config/nvim/init.lua")));
    }

    [Fact]
    public void A_file_of_the_users_stops_the_switch_until_backed_up_and_configurations_are_chosen_by_name()
    {
        using var env = HomeRepo(fixture);
        Directory.CreateDirectory(Path.Combine(env.Home, ".config/git"));
        File.WriteAllText(Path.Combine(env.Home, ".config/git/config"), "mine\n");
        var before = TestEnv.Snapshot(Path.Combine(env.Home, ".config"));

        var stopped = env.DotnetEnv(["switch"], extraEnv: AsJ);
        Assert.Equal(1, stopped.ExitCode);
        Assert.True(stopped.Stderr.Contains("ENV0912: The switch stopped before changing anything", StringComparison.Ordinal), stopped.ToString());
        Assert.True(stopped.Stderr.Contains("~/.config/git/config: a file of yours", StringComparison.Ordinal), stopped.ToString());
        Assert.Equal(before, TestEnv.Snapshot(Path.Combine(env.Home, ".config")));

        var dry = env.DotnetEnv(["switch", "-b", "bak", "--dry-run"], extraEnv: AsJ);
        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.True(dry.Stderr.Contains("back up  ~/.config/git/config", StringComparison.Ordinal), dry.ToString());
        // The activation is listed, not run (docs/home.md, the activation contract).
        Assert.True(dry.Stderr.Contains("  run      mark: greet activated > .activated\n", StringComparison.Ordinal), dry.ToString());
        Assert.Equal(before, TestEnv.Snapshot(Path.Combine(env.Home, ".config")));
        Assert.False(File.Exists(Path.Combine(env.Home, ".activated")));

        var backed = env.DotnetEnv(["switch", "-b", "bak", "--config", "work"], extraEnv: AsJ);
        Assert.True(backed.ExitCode == 0, backed.ToString());
        Assert.True(backed.Stderr.Contains("Switched to new generation 1 (work)", StringComparison.Ordinal), backed.ToString());
        Assert.Equal("mine\n", File.ReadAllText(Path.Combine(env.Home, ".config/git/config.bak")));
        Assert.Equal("http://proxy:3128", File.ReadAllText(Path.Combine(env.Home, ".config/work/proxy")));

        // Back to the default configuration (j): the work-only file goes, with its emptied folder.
        var j = env.DotnetEnv(["switch"], extraEnv: AsJ);
        Assert.True(j.ExitCode == 0, j.ToString());
        Assert.True(j.Stderr.Contains("(j)", StringComparison.Ordinal), j.ToString());
        Assert.False(Directory.Exists(Path.Combine(env.Home, ".config/work")));

        var bad = env.DotnetEnv(["switch", "--config", "../x"], extraEnv: AsJ);
        Assert.True(bad.Stderr.Contains("ENV0041", StringComparison.Ordinal), bad.ToString());
    }

    [Fact]
    public void Msbuild_Switch_target_switches_as_dotnet_env_does()
    {
        using var env = HomeRepo(fixture);
        var build = env.Build(AsJ, "-t:Switch");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("switched to new generation 1", build.Output);
        Assert.Equal("[user]\n\tname = j\n", File.ReadAllText(Path.Combine(env.Home, ".config/git/config")));
        var again = env.DotnetEnv(["switch"], extraEnv: AsJ);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.StartsWith("Nothing to do: generation 1 (j)", again.Stderr);
    }

    [Fact]
    public void Switch_from_a_git_repository_at_a_commit_builds_that_commit()
    {
        using var env = HomeRepo(fixture);
        var first = Git(env, "rev-parse", "HEAD");
        File.WriteAllText(Path.Combine(env.ProjectDir, "dotfiles", "nvim", "init.lua"), "-- later\n");
        Git(env, "commit", "-qam", "later");
        var url = new Uri(env.ProjectDir).AbsoluteUri;

        // From a folder that is not the repository: only the URL says where.
        var fromGit = env.DotnetEnv(["switch", "--from", url + "#work", "--rev", first], workingDirectory: env.Root, extraEnv: AsJ);
        Assert.True(fromGit.ExitCode == 0, fromGit.ToString());
        Assert.True(fromGit.Stderr.Contains("Switched to new generation 1 (work)", StringComparison.Ordinal), fromGit.ToString());
        Assert.Equal("-- one\n", File.ReadAllText(Path.Combine(env.Home, ".config/nvim/init.lua")));
        var listed = Generations(env)[0];
        Assert.Equal(url, listed.GetProperty("url").GetString());
        Assert.Equal(first, listed.GetProperty("commit").GetString());

        // The 12 digits 'generations' prints are enough: git finds the commit among the repository's branches and tags.
        var later = Git(env, "rev-parse", "HEAD");
        var abbreviated = env.DotnetEnv(["switch", "--from", url + "#work", "--rev", later[..12]], workingDirectory: env.Root, extraEnv: AsJ);
        Assert.True(abbreviated.ExitCode == 0, abbreviated.ToString());
        Assert.True(abbreviated.Stderr.Contains("Switched to new generation 2 (work)", StringComparison.Ordinal), abbreviated.ToString());
        Assert.Equal("-- later\n", File.ReadAllText(Path.Combine(env.Home, ".config/nvim/init.lua")));
        Assert.Equal(later, Generations(env)[1].GetProperty("commit").GetString());
        var unknown = env.DotnetEnv(["switch", "--from", url, "--rev", "fedcba987654"], workingDirectory: env.Root, extraEnv: AsJ);
        Assert.Equal(1, unknown.ExitCode);
        Assert.True(unknown.Stderr.Contains("ENV0921: No commit of", StringComparison.Ordinal) && unknown.Stderr.Contains("starts with fedcba987654", StringComparison.Ordinal), unknown.ToString());
        // Two commits on branches whose hashes share their first 4 digits: those digits are ambiguous, and said so.
        var (one, two) = TwoCommitsSharingAPrefix(env);
        var ambiguous = env.DotnetEnv(["switch", "--from", url, "--rev", one[..4]], workingDirectory: env.Root, extraEnv: AsJ);
        Assert.Equal(1, ambiguous.ExitCode);
        Assert.True(ambiguous.Stderr.Contains($"ENV0921: --rev {one[..4]} is ambiguous", StringComparison.Ordinal)
            && ambiguous.Stderr.Contains(one, StringComparison.Ordinal) && ambiguous.Stderr.Contains(two, StringComparison.Ordinal), ambiguous.ToString());
        Assert.Equal("-- later\n", File.ReadAllText(Path.Combine(env.Home, ".config/nvim/init.lua")));

        var missing = env.DotnetEnv(["switch", "--from", url, "--rev", "0000000000000000000000000000000000000000"], workingDirectory: env.Root, extraEnv: AsJ);
        Assert.Equal(1, missing.ExitCode);
        Assert.True(missing.Stderr.Contains("ENV0921", StringComparison.Ordinal), missing.ToString());
        Assert.Equal("-- later\n", File.ReadAllText(Path.Combine(env.Home, ".config/nvim/init.lua")));

        // No git at all is told apart from git failing: the user installs git, not checks the URL.
        var noGit = env.DotnetEnv(["switch", "--from", url, "--rev", first], workingDirectory: env.Root,
            extraEnv: new Dictionary<string, string?>(AsJ) { ["PATH"] = Path.Combine(env.Root, "no-such-folder") });
        Assert.Equal(1, noGit.ExitCode);
        Assert.True(noGit.Stderr.Contains("ENV0970: git is not installed", StringComparison.Ordinal), noGit.ToString());
        Assert.Equal("-- later\n", File.ReadAllText(Path.Combine(env.Home, ".config/nvim/init.lua")));
    }

    private static List<JsonElement> Generations(TestEnv env)
    {
        var list = env.DotnetEnv(["generations", "--json"], extraEnv: AsJ);
        Assert.True(list.ExitCode == 0, list.ToString());
        return JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray().ToList();
    }

    /// <summary>
    /// Root commits made until two hashes share their first 4 digits (about 300 of 65536 prefixes, by the birthday
    /// bound), each of the two then put on a branch of its own so a fetch of the branches brings them.
    /// </summary>
    private static (string One, string Two) TwoCommitsSharingAPrefix(TestEnv env)
    {
        var tree = Git(env, "write-tree");
        var made = ProcessRunner.Run("bash", ["-c", $"for i in $(seq 1 1200); do git -c user.name=t -c user.email=t@example.org commit-tree -m \"c$i\" {tree}; done"], env.ProjectDir, env.Environment());
        Assert.True(made.ExitCode == 0, made.ToString());
        var seen = new Dictionary<string, string>();
        foreach (var commit in made.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (seen.TryGetValue(commit[..4], out var other))
            {
                Git(env, "branch", "one", other);
                Git(env, "branch", "two", commit);
                return (other, commit);
            }
            seen[commit[..4]] = commit;
        }
        throw new InvalidOperationException("1200 commits without two sharing 4 digits.");
    }

    private static string Git(TestEnv env, params string[] args)
    {
        var run = ProcessRunner.Run("git", ["-c", "user.name=t", "-c", "user.email=t@example.org", .. args], env.ProjectDir, env.Environment());
        Assert.True(run.ExitCode == 0, run.ToString());
        return run.Output.Trim();
    }
}
