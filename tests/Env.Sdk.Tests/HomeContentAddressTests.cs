using System.Text.Json;

namespace Env.Sdk.Tests;

/// <summary>
/// Content addressing of home generations (issue 18): one commit gives one store entry whether it is built in a checkout,
/// in a clone in a folder of another name, from <c>--from PATH</c> or from <c>--from URL</c>; switching between them is a
/// no-op switch that relinks nothing, and the generation keeps recording where it was built from.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class HomeContentAddressTests(SdkFixture fixture)
{
    private static readonly Dictionary<string, string?> AsJ = new() { ["USER"] = "j" };

    [Fact]
    public void One_commit_is_one_generation_from_a_checkout_a_clone_a_path_or_a_url_and_switching_between_them_relinks_nothing()
    {
        using var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "dl"), "greet-1.0.tar.gz", "greet", "hi");
        Directory.CreateDirectory(Path.Combine(env.ProjectDir, "homes"));
        Directory.CreateDirectory(Path.Combine(env.ProjectDir, "dotfiles"));
        File.WriteAllText(Path.Combine(env.ProjectDir, "dotfiles", "gitconfig"), "[user]\n\tname = j\n");
        File.WriteAllText(Path.Combine(env.ProjectDir, "homes", "j.props"), """
            <Project>
              <ItemGroup>
                <HomeFile Include=".config/git/config" Source="dotfiles/gitconfig" />
                <HomeFile Include=".config/app/settings" Text="a" Mode="Copy" />
                <EnvVar Include="EDITOR" Value="nvim" />
              </ItemGroup>
            </Project>
            """);
        env.WriteProject($"""<Tool Include="greet" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" />""", "<EnvKind>Home</EnvKind>");
        File.WriteAllText(Path.Combine(env.ProjectDir, ".gitignore"), ".envsdk/\n");
        Git(env.ProjectDir, env, "init", "-q");
        Git(env.ProjectDir, env, "add", "-A");
        Git(env.ProjectDir, env, "commit", "-qm", "home");
        var commit = Git(env.ProjectDir, env, "rev-parse", "HEAD");

        var first = env.DotnetEnv(["switch"], extraEnv: AsJ);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(first.Stderr.Contains("Switched to new generation 1 (j)", StringComparison.Ordinal), first.ToString());
        var entry = Result(env.ProjectDir);
        // Named for the configuration, never for the checkout's folder ("repo").
        Assert.EndsWith("-j-home", entry);
        Assert.DoesNotContain(env.ProjectDir, File.ReadAllText(Path.Combine(entry, "manifest.json")));
        var link = Path.Combine(env.Home, ".config/git/config");
        var copy = Path.Combine(env.Home, ".config/app/settings");
        // A place a switch writes gets a new inode (written beside it and renamed into place): the same one is untouched.
        var linkId = Lstat(link);
        var copyId = Lstat(copy);

        // A clone in a folder of another name builds the same entry, and switching to it changes nothing.
        var clone = Path.Combine(env.Root, "elsewhere", "my-dotfiles");
        Git(env.Root, env, "clone", "-q", env.ProjectDir, clone);
        var bare = Path.Combine(env.Root, "bare", "home.git");
        Git(env.Root, env, "clone", "-q", "--bare", env.ProjectDir, bare);
        var fromClone = env.DotnetEnv(["switch", clone], extraEnv: AsJ);
        Assert.True(fromClone.ExitCode == 0, fromClone.ToString());
        Assert.Equal(entry, Result(clone));
        Assert.True(fromClone.Stderr.Contains("Nothing to do: generation 1 (j)", StringComparison.Ordinal), fromClone.ToString());

        // --from a path (a bare repository) and --from a file:// URL fetch into the cache: the same entry again.
        foreach (var source in new[] { bare, new Uri(bare).AbsoluteUri })
        {
            var from = env.DotnetEnv(["switch", "--from", source, "--rev", commit], workingDirectory: env.Root, extraEnv: AsJ);
            Assert.True(from.ExitCode == 0, from.ToString());
            Assert.True(from.Stderr.Contains("Nothing to do: generation 1 (j)", StringComparison.Ordinal), from.ToString());
        }
        Assert.Single(Directory.EnumerateDirectories(env.StoreDir, "*-home"));
        Assert.Equal(linkId, Lstat(link));
        Assert.Equal(copyId, Lstat(copy));

        // The generation still says where it was built from: the first switch's checkout and commit.
        var generations = Generations(env);
        var only = Assert.Single(generations);
        Assert.Equal(entry, only.GetProperty("entry").GetString());
        Assert.Equal(commit, only.GetProperty("commit").GetString());
        Assert.Equal(env.ProjectFile, only.GetProperty("project").GetString());

        // A commit that changes one file, from the URL: a new generation that records the URL, with only that place changed.
        File.WriteAllText(Path.Combine(clone, "dotfiles", "gitconfig"), "[user]\n\tname = k\n");
        Git(clone, env, "commit", "-qam", "k");
        Git(clone, env, "push", "-q", bare, "HEAD:refs/heads/main");
        var later = Git(clone, env, "rev-parse", "HEAD");
        var url = new Uri(bare).AbsoluteUri;
        var changed = env.DotnetEnv(["switch", "--from", url, "--rev", later], workingDirectory: env.Root, extraEnv: AsJ);
        Assert.True(changed.ExitCode == 0, changed.ToString());
        Assert.True(changed.Stderr.Contains("Switched to new generation 2 (j)", StringComparison.Ordinal), changed.ToString());
        var second = Generations(env)[1];
        Assert.Equal(url, second.GetProperty("url").GetString());
        Assert.Equal(later, second.GetProperty("commit").GetString());
        Assert.Equal("[user]\n\tname = k\n", File.ReadAllText(link));
        // The clone at that commit builds what the URL built.
        var cloneAgain = env.DotnetEnv(["switch", clone], extraEnv: AsJ);
        Assert.True(cloneAgain.ExitCode == 0, cloneAgain.ToString());
        Assert.True(cloneAgain.Stderr.Contains("Nothing to do: generation 2 (j)", StringComparison.Ordinal), cloneAgain.ToString());
    }

    /// <summary>The inode and change time of the place itself (a link is not followed).</summary>
    private static string Lstat(string path)
    {
        var run = ProcessRunner.Run("stat", ["-c", "%i %Z", path], Path.GetDirectoryName(path)!, new Dictionary<string, string?>());
        Assert.True(run.ExitCode == 0, run.ToString());
        return run.Output.Trim();
    }

    private static string Result(string projectDir) =>
        new FileInfo(Path.Combine(projectDir, ".envsdk", "result")).LinkTarget ?? throw new InvalidOperationException($"{projectDir} has no result link.");

    private static List<JsonElement> Generations(TestEnv env)
    {
        var list = env.DotnetEnv(["generations", "--json"], extraEnv: AsJ);
        Assert.True(list.ExitCode == 0, list.ToString());
        return JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray().ToList();
    }

    private static string Git(string dir, TestEnv env, params string[] args)
    {
        var run = ProcessRunner.Run("git", ["-c", "user.name=t", "-c", "user.email=t@example.org", .. args], dir, env.Environment());
        Assert.True(run.ExitCode == 0, run.ToString());
        return run.Output.Trim();
    }
}
