using Env.Core.Locking;

namespace Env.Sdk.Tests;

/// <summary>
/// The workflows in docs/ci/ (docs/ci.md, docs/bots.md), their <c>run:</c> steps run for real, in order, with bash as
/// GitHub runs them (<c>-eo pipefail</c>), <c>CI=true</c>, <c>$GITHUB_ENV</c> applied to the later steps, and the
/// user's folders of a fresh runner (a home of the test's own, so the store and the download cache are at their defaults,
/// the folders the cache step names). The steps that use an action (checkout, setup-dotnet, cache) are what the test
/// itself provides; a pull request cannot be opened offline, so the update workflow is run up to its commit.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class CiRecipeTests(SdkFixture fixture)
{
    private static string Workflow(string name) => Path.Combine(Repo.Root, "docs", "ci", name);

    /// <summary>A fresh runner's environment: the test's home, dotnet's global tools on PATH, the GitHub files.</summary>
    private static Dictionary<string, string?> Runner(TestEnv env, string temp)
    {
        Directory.CreateDirectory(temp);
        return env.Environment(new Dictionary<string, string?>
        {
            ["ENVSDK_STORE"] = null,
            ["ENVSDK_CACHE"] = null,
            ["CI"] = "true",
            ["GITHUB_ACTIONS"] = "true",
            ["PATH"] = $"{Path.Combine(env.Home, ".dotnet", "tools")}:{Environment.GetEnvironmentVariable("PATH")}",
            ["RUNNER_TEMP"] = temp,
            ["GITHUB_ENV"] = Path.Combine(temp, "github-env"),
            ["GITHUB_OUTPUT"] = Path.Combine(temp, "github-output"),
        });
    }

    private static ProcessResult Run(WorkflowStep step, string dir, Dictionary<string, string?> environment)
    {
        var result = ProcessRunner.Run("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.Run!], dir, environment, TimeSpan.FromMinutes(10));
        Assert.True(result.ExitCode == 0, $"step '{step.Name}':\n{result}");
        // What the step appended to $GITHUB_ENV is in the environment of the steps after it.
        foreach (var (name, value) in GitHubEnv(environment["GITHUB_ENV"]!)) environment[name] = value;
        return result;
    }

    /// <summary>$GITHUB_ENV's lines: <c>NAME=value</c>, or <c>NAME&lt;&lt;DELIMITER</c>, the value's lines, the delimiter.</summary>
    private static IEnumerable<(string Name, string Value)> GitHubEnv(string file)
    {
        if (!File.Exists(file)) yield break;
        var lines = File.ReadAllLines(file);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].IndexOf("<<", StringComparison.Ordinal) is var heredoc and > 0)
            {
                var delimiter = lines[i][(heredoc + 2)..];
                var value = new List<string>();
                while (lines[++i] != delimiter) value.Add(lines[i]);
                yield return (lines[i - value.Count - 1][..heredoc], string.Join("\n", value));
            }
            else if (lines[i].IndexOf('=') is var eq and > 0)
            {
                yield return (lines[i][..eq], lines[i][(eq + 1)..]);
            }
        }
    }

    [Fact]
    public void The_ci_recipe_installs_dotnet_env_builds_the_env_locked_from_an_empty_store_and_hands_its_PATH_to_later_steps()
    {
        using var env = new TestEnv(fixture);
        env.WriteProject("""    <Tool Include="hello" Package="Hello.Tool" Version="1.1.0" />""");
        // The committed lock, from a developer's machine (another store); the checkout has no .envsdk/.
        Assert.Equal(0, env.Build().ExitCode);
        Directory.Delete(env.ShellDir, recursive: true);

        var file = Workflow("build-with-env.yml");
        var text = File.ReadAllText(file);
        var steps = WorkflowSteps.Read(file);
        Assert.Equal(["actions/checkout@v4", "actions/setup-dotnet@v4", "actions/cache@v4"], steps.Where(s => s.Uses is not null).Select(s => s.Uses));
        var runs = steps.Where(s => s.Run is not null).ToList();
        Assert.Equal(["Install dotnet-env", "Build the env", "Use the env in the steps below", "Build"], runs.Select(s => s.Name));

        var runner = Runner(env, Path.Combine(env.Root, "runner-temp"));
        foreach (var step in runs) Run(step, env.ProjectDir, runner);

        Assert.Contains("hashFiles('**/env.lock.json')", text);
        // The cache step keeps exactly the folders the build filled.
        foreach (var cached in new[] { "~/.local/share/envsdk/store", "~/.cache/envsdk" })
        {
            Assert.Contains(cached, text);
            var folder = Path.Combine(env.Home, cached[2..]);
            Assert.True(Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any(), $"{folder} is empty");
        }
        // A later step runs the env's tools.
        var later = ProcessRunner.Run("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", "hello-dotnet ci"], env.ProjectDir, runner);
        Assert.True(later.ExitCode == 0, later.ToString());
        Assert.Equal("hello-dotnet 1.1.0 [ci]", later.Output.Trim());
    }

    [Fact]
    public void The_ci_page_shows_the_recipe_file_as_it_is()
    {
        var page = File.ReadAllText(Path.Combine(Repo.Root, "docs", "ci.md"));
        var start = page.IndexOf("```yaml\n", StringComparison.Ordinal) + "```yaml\n".Length;
        Assert.True(start > "```yaml\n".Length, "docs/ci.md has no yaml block");
        Assert.Equal(File.ReadAllText(Workflow("build-with-env.yml")), page[start..page.IndexOf("```\n", start, StringComparison.Ordinal)]);
    }

    [Fact]
    public void The_update_workflow_updates_and_commits_env_proj_and_the_lock_on_its_branch_and_commits_nothing_when_current()
    {
        using var env = new TestEnv(fixture);
        env.WriteProject("""    <Tool Include="hello" Package="Hello.Tool" Version="1.1.0" />""");
        Assert.Equal(0, env.Build().ExitCode);
        Git(env, "init", "--quiet", "--initial-branch=main");
        Git(env, "add", "-A");
        Git(env, "-c", "user.name=dev", "-c", "user.email=dev@example.org", "commit", "--quiet", "-m", "env");
        var later = Directory.GetFiles(fixture.LaterFeed, "*.nupkg").Single();
        File.Copy(later, Path.Combine(env.ExtraFeed, Path.GetFileName(later)));

        var steps = WorkflowSteps.Read(Workflow("update-env.yml"));
        var runs = steps.Where(s => s.Run is not null).ToList();
        Assert.Equal(["Install dotnet-env", "Update the tools and the lock", "Commit on the update-env branch", "Open or refresh the pull request"], runs.Select(s => s.Name));
        var pullRequest = runs[^1];
        Assert.Equal("steps.commit.outputs.changed == 'true'", pullRequest.If);
        Assert.Contains("gh pr create --head update-env", pullRequest.Run);

        var runner = Runner(env, Path.Combine(env.Root, "runner-temp"));
        foreach (var step in runs[..^1]) Run(step, env.ProjectDir, runner);

        Assert.Contains("changed=true", File.ReadAllText(runner["GITHUB_OUTPUT"]!));
        Assert.Equal("update-env", Git(env, "branch", "--show-current").Trim());
        Assert.Equal(["env.lock.json", "env.proj"], Git(env, "diff", "--name-only", "main", "HEAD").Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
        Assert.Matches(@"hello\s+1\.1\.0 → 1\.2\.0", Git(env, "log", "-1", "--format=%B"));
        Assert.Equal("", Git(env, "status", "--porcelain"));
        Assert.Equal("1.2.0", LockFile.Load(env.LockFile).Find("hello", "any")!.Version);
        // The pull request's checks: a locked build of the branch.
        Assert.True(env.Build(new Dictionary<string, string?> { ["CI"] = "true" }).ExitCode == 0);

        // Next week, nothing new: nothing is committed and the pull request step is skipped.
        var head = Git(env, "rev-parse", "HEAD");
        var again = Runner(env, Path.Combine(env.Root, "runner-temp-2"));
        foreach (var step in runs[1..^1]) Run(step, env.ProjectDir, again);
        Assert.Contains("changed=false", File.ReadAllText(again["GITHUB_OUTPUT"]!));
        Assert.Equal(head, Git(env, "rev-parse", "HEAD"));
    }

    private static string Git(TestEnv env, params string[] args)
    {
        var result = ProcessRunner.Run("git", args, env.ProjectDir, env.Environment(new Dictionary<string, string?> { ["GIT_CONFIG_NOSYSTEM"] = "1" }));
        Assert.True(result.ExitCode == 0, $"git {string.Join(' ', args)}\n{result}");
        return result.Output;
    }
}
