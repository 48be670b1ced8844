namespace Env.Sdk.Tests;

/// <summary>Mistakes MSBuild is silent about are said: misspelt item types, no tools, wildcards in a tool's name.</summary>
[Collection(SdkCollection.Name)]
public sealed class ProjectCheckTests(SdkFixture fixture)
{
    [Fact]
    public void A_misspelt_item_type_and_an_env_without_tools_are_warned_about_with_the_line()
    {
        using var env = new TestEnv(fixture);
        env.WriteProject("""
                <Tools Include="hello" Package="Hello.Tool" Version="1.0.0" />
                <EnvVars Include="X" Value="1" />
            """);

        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        // The line and the column of the element's '<', as MSBuild's own errors about an element.
        Assert.Contains($"{env.ProjectFile}(4,5): warning ENV0035", build.Output);
        Assert.Contains("warning ENV0035: Item type 'Tools' is not one Env.Sdk reads", build.Output);
        Assert.Contains("did you mean 'Tool'?", build.Output);
        Assert.Contains("warning ENV0035: Item type 'EnvVars'", build.Output);
        Assert.Contains("warning ENV0036", build.Output);
    }

    [Fact]
    public void A_wildcard_in_a_tools_name_is_an_error_before_anything_is_written()
    {
        using var env = new TestEnv(fixture);
        env.WriteProject("""<Tool Include="hel?o" Package="Hello.Tool" Version="1.0.0" />""");

        var build = env.Build();
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error ENV0037", build.Output);
        Assert.False(File.Exists(env.LockFile));
    }

    [Fact]
    public void A_correct_env_gets_no_warning_of_these()
    {
        using var env = new TestEnv(fixture);
        env.WriteProject("""<Tool Include="hello" Package="Hello.Tool" Version="1.0.0" />""");
        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotContain("ENV003", build.Output);
    }
}
