using Env.Core.Shell;

namespace Env.Sdk.Tests;

/// <summary>
/// direnv (Debian's, real) with the .envrc line <see cref="DirenvScript.EnvrcLine"/> gives: it loads the env the last
/// build on this machine recorded, builds an env never built here, and rebuilds when env.proj is edited.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class DirenvTests(SdkFixture fixture)
{
    [Fact]
    public void Direnv_loads_the_recorded_env_and_an_edited_env_proj_is_rebuilt_at_the_next_load()
    {
        using var env = new TestEnv(fixture);
        WriteEnv(env, "first");
        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        WriteEnvrc(env);
        Allow(env);

        Assert.Equal("first", Direnv(env, "printenv", "WHO"));
        Assert.Equal(Path.Combine(ProfileLink.Entry(env.ShellDir), "bin", "greet"), Direnv(env, "sh", "-c", "command -v greet"));

        // An edit of env.proj (later than the last build: the record's time is set back, as a clock would not
        // tell apart two writes in one tick) rebuilds it on the next load, which sees the new value.
        var id = Path.Combine(env.StateDir, "dev" + env.ProjectDir, ".envsdk", "id");
        WriteEnv(env, "edited");
        File.SetLastWriteTimeUtc(id, DateTime.UtcNow.AddSeconds(-10));
        Assert.Equal("edited", Direnv(env, "printenv", "WHO"));
        Assert.Contains("edited", File.ReadAllText(Path.Combine(env.ShellDir, "activate")));
        // Current again: the next load does not build (the record is not rewritten).
        var stamp = File.GetLastWriteTimeUtc(id);
        Assert.Equal("edited", Direnv(env, "printenv", "WHO"));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(id));
    }

    [Fact]
    public void An_envrc_of_an_env_never_built_here_builds_it_once_allowed()
    {
        using var env = new TestEnv(fixture);
        WriteEnv(env, "fresh");
        WriteEnvrc(env);
        Allow(env);
        Assert.Equal("fresh", Direnv(env, "printenv", "WHO"));
        Assert.True(File.Exists(Path.Combine(env.StateDir, "dev" + env.ProjectDir, ".envsdk", DirenvScript.FileName)));
    }

    [Fact]
    public void A_checkouts_own_shell_folder_is_not_what_direnv_runs()
    {
        using var env = new TestEnv(fixture);
        WriteEnv(env, "mine");
        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        WriteEnvrc(env);
        Allow(env);
        // A checkout brings its own .envsdk/envrc and activate: the .envrc line sources only the record's copies.
        File.WriteAllText(Path.Combine(env.ShellDir, "envrc"), "export WHO=pwned\n");
        File.AppendAllText(Path.Combine(env.ShellDir, "activate"), "\nWHO=pwned; export WHO\n");
        Assert.Equal("mine", Direnv(env, "printenv", "WHO"));
    }

    private static void WriteEnv(TestEnv env, string who)
    {
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "dl"), "greet-1.0.tar.gz", "greet", "hi");
        env.WriteProject($"""
            <Tool Include="greet" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" />
            <EnvVar Include="WHO" Value="{who}" />
            """);
    }

    /// <summary>The line `dotnet env direnv` prints, run in the repo as a user would (`dotnet env direnv >> .envrc`).</summary>
    private static void WriteEnvrc(TestEnv env)
    {
        var printed = env.DotnetEnv(["direnv"]);
        Assert.True(printed.ExitCode == 0 && printed.Stderr == "", printed.ToString());
        Assert.Equal(DirenvScript.EnvrcLine(env.ProjectDir, env.ProjectFile) + "\n", printed.Stdout);
        File.WriteAllText(Path.Combine(env.ProjectDir, ".envrc"), printed.Stdout);
    }

    private static void Allow(TestEnv env)
    {
        var run = ProcessRunner.Run("direnv", ["allow", env.ProjectDir], env.Root, Environment(env));
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    /// <summary>Runs a command in the folder's env as direnv loads it; its stdout, trimmed (direnv's log goes to stderr, kept for failures).</summary>
    private static string Direnv(TestEnv env, params string[] command)
    {
        var run = ProcessRunner.Run("direnv", ["exec", env.ProjectDir, .. command], env.Root, Environment(env));
        Assert.True(run.ExitCode == 0, run.ToString());
        return run.Output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Last(l => !l.StartsWith("direnv:", StringComparison.Ordinal));
    }

    /// <summary>direnv's allow list and configuration in this test's folder.</summary>
    private static Dictionary<string, string?> Environment(TestEnv env) => env.Environment(new Dictionary<string, string?>
    {
        ["XDG_CONFIG_HOME"] = Path.Combine(env.Root, "xdg-config"),
        ["XDG_DATA_HOME"] = Path.Combine(env.Root, "xdg-data"),
        ["DIRENV_LOG_FORMAT"] = "direnv: %s",
        ["DIRENV_DIR"] = null,
        ["DIRENV_FILE"] = null,
        ["DIRENV_DIFF"] = null,
        ["DIRENV_WATCHES"] = null,
        ["WHO"] = null,
    });
}
