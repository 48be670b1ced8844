namespace Env.Sdk.Tests;

/// <summary>What the tests of what a checkout may decide share: git, the prompt hook as a user installs it, direnv's environment.</summary>
internal static class TrustShells
{
    /// <summary>env.proj in <paramref name="env"/>'s repo: one tool, greet, that prints "hi".</summary>
    public static void WriteEnv(TestEnv env)
    {
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "dl"), "greet-1.0.tar.gz", "greet", "hi");
        env.WriteProject($"""<Tool Include="greet" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" />""");
    }

    /// <summary>A copy of the repo's env (env.proj, nuget.config) in <paramref name="dir"/>, built there.</summary>
    public static void BuildCopy(TestEnv env, string dir)
    {
        Directory.CreateDirectory(dir);
        foreach (var name in new[] { "env.proj", "nuget.config" }) File.Copy(Path.Combine(env.ProjectDir, name), Path.Combine(dir, name));
        var build = ProcessRunner.Run("dotnet", ["build", "env.proj", "-nr:false", "-tl:off"], dir, env.Environment());
        Assert.True(build.ExitCode == 0, build.ToString());
    }

    public static void Git(TestEnv env, string dir, params string[] args)
    {
        var run = ProcessRunner.Run("git", args, dir, GitEnvironment(env));
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    public static Dictionary<string, string?> GitEnvironment(TestEnv env) => env.Environment(new Dictionary<string, string?>
    {
        ["GIT_AUTHOR_NAME"] = "t", ["GIT_AUTHOR_EMAIL"] = "t@example.invalid",
        ["GIT_COMMITTER_NAME"] = "t", ["GIT_COMMITTER_EMAIL"] = "t@example.invalid",
        ["GIT_CONFIG_NOSYSTEM"] = "1",
    });

    public static string WriteHook(TestEnv env, string shell)
    {
        var printed = env.DotnetEnv(["hook", shell]);
        Assert.True(printed.ExitCode == 0, printed.ToString());
        var path = Path.Combine(env.Root, "hook." + (shell == "pwsh" ? "ps1" : shell));
        File.WriteAllText(path, printed.Stdout);
        return path;
    }

    public static Dictionary<string, string?> ShellEnvironment(TestEnv env)
    {
        var environment = GitEnvironment(env);
        environment["REPO"] = env.ProjectDir;
        environment["PROMPT_COMMAND"] = null;
        environment["ENVSDK_HOOK_QUIET"] = "1";
        if (System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host) environment["DOTNET_ROOT"] = Path.GetDirectoryName(host);
        return environment;
    }

    public static Dictionary<string, string?> DirenvEnvironment(TestEnv env) => env.Environment(new Dictionary<string, string?>
    {
        ["XDG_CONFIG_HOME"] = Path.Combine(env.Root, "xdg-config"),
        ["XDG_DATA_HOME"] = Path.Combine(env.Root, "xdg-data"),
        ["DIRENV_LOG_FORMAT"] = "direnv: %s",
        ["DIRENV_DIR"] = null, ["DIRENV_FILE"] = null, ["DIRENV_DIFF"] = null, ["DIRENV_WATCHES"] = null,
    });

    public static List<string> Lines(ProcessResult run) =>
        run.Output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith("direnv:", StringComparison.Ordinal) && !l.StartsWith("envsdk:", StringComparison.Ordinal)).ToList();
}
