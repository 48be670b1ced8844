namespace Env.Sdk.Tests;

/// <summary>
/// env.proj in a real solution, made and driven by the real `dotnet new sln` / `dotnet sln add` / solution verbs,
/// beside a `dotnet new console` project.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class SolutionTests(SdkFixture fixture)
{
    [Theory]
    [InlineData("slnx")]
    [InlineData("sln")]
    public void Dotnet_sln_add_takes_env_proj_and_the_solution_verbs_that_mean_nothing_for_an_env_are_quiet(string format)
    {
        using var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "dl"), "greet-1.0.tar.gz", "greet", "hi");
        env.WriteProject($"""
            <Tool Include="greet" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" />
            """);
        Run(env, "new", "console", "-o", "app", "-n", "App");
        Run(env, "new", "sln", "-n", "all", "--format", format);
        var solution = "all." + format;
        Run(env, "sln", solution, "add", "app/App.csproj");
        var add = Run(env, "sln", solution, "add", "env.proj");
        Assert.DoesNotContain("unknown project type", add.Output);
        Assert.Contains("13b669be-bb05-4ddf-9536-439f39a36129", File.ReadAllText(Path.Combine(env.ProjectDir, solution)), StringComparison.OrdinalIgnoreCase);

        // Nothing built or restored before: the solution's restore fetches the env's tools, quietly (no NU1503).
        foreach (var verb in new[] { "build", "rebuild", "test", "pack", "publish", "clean" })
        {
            var run = verb == "rebuild" ? Run(env, "build", solution, "-t:Rebuild", "-nr:false") : Run(env, verb, solution, "-nr:false");
            Assert.DoesNotContain("MSB4057", run.Output);
            Assert.DoesNotContain(": warning ", run.Output);
            if (verb == "build") Assert.True(File.Exists(Path.Combine(env.ShellDir, "activate")), run.Output);
        }
    }

    private static ProcessResult Run(TestEnv env, params string[] args)
    {
        var result = ProcessRunner.Run("dotnet", args, env.ProjectDir, env.Environment());
        Assert.True(result.ExitCode == 0, $"dotnet {string.Join(' ', args)}\n{result}");
        return result;
    }
}
