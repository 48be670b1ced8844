namespace Env.Sdk.Tests;

/// <summary>
/// env.proj in the same folder as a test project, where MSBuild takes env.proj when no project is named: `dotnet build`
/// warns (ENV0059), `dotnet test` and `pack` are refused (ENV0060) instead of succeeding having done nothing, `dotnet run`
/// refuses to choose on its own; named, or from a solution, nothing is said. And the layout that works, env/env.proj.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class BesideProjectTests(SdkFixture fixture)
{
    [Fact]
    public void Verbs_run_without_a_project_name_beside_a_test_project_warn_or_are_refused_and_named_or_from_a_solution_are_quiet()
    {
        using var env = NewEnv();
        TestProject(env, env.ProjectDir);

        var build = Run(env, "build");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains($"{env.ProjectFile} : warning ENV0059: env.proj shares its folder with Tests.csproj", build.Output);
        Assert.Contains("Move the env to env/env.proj", build.Output);
        Assert.Contains("dotnet build Tests.csproj", build.Output);

        // Without the error, `dotnet test` ran env.proj's empty VSTest, printed nothing and exited 0.
        var test = Run(env, "test");
        Assert.NotEqual(0, test.ExitCode);
        Assert.Contains($"{env.ProjectFile} : error ENV0060: env.proj was run in place of Tests.csproj", test.Output);
        Assert.Contains("dotnet test Tests.csproj", test.Output);
        Assert.DoesNotContain("Passed!", test.Output);

        var pack = Run(env, "pack");
        Assert.NotEqual(0, pack.ExitCode);
        Assert.Contains("error ENV0060", pack.Output);

        // dotnet run chooses its project itself, before MSBuild: it refuses, which an env cannot change.
        var run = Run(env, "run");
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("more than one project file", run.Output);

        // Named, the test project (which uses the env beside it) builds and tests; its requests for the env are no warning.
        var named = Run(env, "test", "Tests.csproj");
        Assert.True(named.ExitCode == 0, named.ToString());
        Assert.Contains("Passed!", named.Output);
        Assert.DoesNotContain("ENV0059", named.Output);
        Assert.DoesNotContain("ENV0060", named.Output);

        // A solution names every project: nothing is said.
        Assert.Equal(0, Run(env, "new", "sln", "-n", "all", "--format", "slnx").ExitCode);
        Assert.Equal(0, Run(env, "sln", "all.slnx", "add", "env.proj", "Tests.csproj").ExitCode);
        var solution = Run(env, "test", "all.slnx");
        Assert.True(solution.ExitCode == 0, solution.ToString());
        Assert.Contains("Passed!", solution.Output);
        Assert.DoesNotContain("ENV0059", solution.Output);
        Assert.DoesNotContain("ENV0060", solution.Output);
    }

    [Fact]
    public void The_layout_dotnet_env_init_writes_builds_and_tests_without_a_project_name_and_says_nothing()
    {
        using var env = NewEnv();
        // env/env.proj, and the test project in the folder above it, which finds the env from there.
        var envDir = Path.Combine(env.ProjectDir, "env");
        Directory.CreateDirectory(envDir);
        File.Move(env.ProjectFile, Path.Combine(envDir, "env.proj"));
        TestProject(env, env.ProjectDir);

        var test = Run(env, "test");
        Assert.True(test.ExitCode == 0, test.ToString());
        Assert.Contains("Passed!", test.Output);
        Assert.DoesNotContain(": warning ", test.Output);
        Assert.DoesNotContain("ENV0060", test.Output);
        Assert.True(File.Exists(Path.Combine(envDir, ".envsdk", "activate")), "the env was not built");
    }

    private TestEnv NewEnv()
    {
        var env = new TestEnv(fixture);
        env.UseMachineFeeds();
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "dl"), "greet-1.0.tar.gz", "greet", "greet says");
        env.WriteProject($"""<Tool Include="greet" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" />""");
        File.WriteAllText(Path.Combine(env.ProjectDir, "global.json"), $$"""{ "msbuild-sdks": { "Env.Sdk": "{{Repo.SdkVersion}}" } }""");
        return env;
    }

    /// <summary>`dotnet new xunit` as Tests.csproj in <paramref name="folder"/>, using the env; its test finds greet on PATH.</summary>
    private static void TestProject(TestEnv env, string folder)
    {
        var create = ProcessRunner.Run("dotnet", ["new", "xunit", "-o", folder, "-n", "Tests"], env.ProjectDir, env.Environment(), TimeSpan.FromMinutes(5));
        Assert.True(create.ExitCode == 0, create.ToString());
        var csproj = Path.Combine(folder, "Tests.csproj");
        File.WriteAllText(csproj, File.ReadAllText(csproj).Replace("<Project Sdk=\"Microsoft.NET.Sdk\">", "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <Sdk Name=\"Env.Sdk\" />"));
        File.WriteAllText(Path.Combine(folder, "UnitTest1.cs"), """
            namespace Tests;

            public class UnitTest1
            {
                [Fact]
                public void Finds_the_envs_tool() =>
                    Assert.Contains(Environment.GetEnvironmentVariable("PATH")!.Split(Path.PathSeparator), d => File.Exists(Path.Combine(d, "greet")));
            }
            """);
    }

    private static ProcessResult Run(TestEnv env, params string[] args)
    {
        // Node reuse off for what runs MSBuild; `dotnet run` would pass the switch on to the app.
        string[] msbuild = args[0] is "build" or "test" or "pack" ? ["-nr:false", "-tl:off"] : [];
        return ProcessRunner.Run("dotnet", [.. args, .. msbuild], env.ProjectDir, env.Environment(), TimeSpan.FromMinutes(5));
    }
}
