namespace Env.Sdk.Tests;

/// <summary>
/// `dotnet COMMAND` runs the env's .NET tools, as CI lines call local tools (`dotnet csharpier`): the dotnet CLI runs
/// `dotnet-COMMAND` from PATH, which the profile holds. What the dotnet CLI decides itself is checked here too, since
/// the docs promise it: a built-in command wins over any tool, and a local tool manifest over PATH.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class DotnetCommandTests(SdkFixture fixture)
{
    /// <summary>
    /// A .NET tool (executable runner) whose commands are a built-in verb's name, a name that has the dotnet- form
    /// already, and a name whose dotnet- form is that one (the command of that name wins). Zip entries carry no modes: the installer makes executable-runner entry points executable.
    /// </summary>
    private static void WriteVerbsTool(string feed) =>
        TestPackages.Write(feed, "Verbs.Tool", "1.0.0", "commands named like dotnet's", "DotnetTool", new Dictionary<string, string>
        {
            ["tools/net10.0/any/DotnetToolSettings.xml"] = """
                <?xml version="1.0" encoding="utf-8"?>
                <DotNetCliTool Version="1">
                  <Commands>
                    <Command Name="format" EntryPoint="format.sh" Runner="executable" />
                    <Command Name="dotnet-greet" EntryPoint="greet.sh" Runner="executable" />
                    <Command Name="greet" EntryPoint="plain-greet.sh" Runner="executable" />
                  </Commands>
                </DotNetCliTool>
                """,
            ["tools/net10.0/any/format.sh"] = "#!/bin/sh\necho \"the tool's format [$*]\"\n",
            ["tools/net10.0/any/greet.sh"] = "#!/bin/sh\necho \"dotnet-greet [$*]\"\n",
            ["tools/net10.0/any/plain-greet.sh"] = "#!/bin/sh\necho \"greet [$*]\"\n",
        });

    [Fact]
    public void Dotnet_COMMAND_runs_the_envs_dotnet_tool_in_the_activated_shell_and_through_dotnet_env()
    {
        using var env = new TestEnv(fixture);
        WriteVerbsTool(env.ExtraFeed);
        env.WriteProject("""
            <Tool Include="hello" Package="Hello.Tool" Version="1.0.0" />
            <Tool Include="verbs" Package="Verbs.Tool" Version="1.0.0" />
            """);
        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());

        var run = env.InShell("bash", """
            dotnet hello-dotnet 'a b' c
            dotnet greet x
            greet x
            command -v dotnet-dotnet-greet || echo "no dotnet-dotnet-greet"
            format y
            dotnet-format z
            """);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("hello-dotnet 1.0.0 [a b|c]\ndotnet-greet [x]\ngreet [x]\nno dotnet-dotnet-greet\nthe tool's format [y]\nthe tool's format [z]", run.Output.Trim());

        // A built-in command is never a tool's: `dotnet format` stays the SDK's, whatever the env holds.
        var sdkVersion = ProcessRunner.Run("dotnet", ["--version"], env.ProjectDir, env.Environment()).Output.Trim();
        var builtIn = env.InShell("bash", "dotnet format --version");
        Assert.True(builtIn.ExitCode == 0, builtIn.ToString());
        Assert.StartsWith(sdkVersion, builtIn.Output.Trim());

        var envRun = env.DotnetEnv(["run", "dotnet-hello-dotnet", "x"]);
        Assert.True(envRun.ExitCode == 0, envRun.ToString());
        Assert.Equal("hello-dotnet 1.0.0 [x]", envRun.Stdout.Trim());
        var shell = env.DotnetEnv(["shell", "--", "dotnet", "hello-dotnet", "y"]);
        Assert.True(shell.ExitCode == 0, shell.ToString());
        Assert.Equal("hello-dotnet 1.0.0 [y]", shell.Stdout.Trim());

        // A local tool manifest that lists the command decides for dotnet before PATH (here: not restored, an error);
        // the command's own name still runs the env's tool.
        Directory.CreateDirectory(Path.Combine(env.ProjectDir, ".config"));
        File.WriteAllText(Path.Combine(env.ProjectDir, ".config", "dotnet-tools.json"), """
            { "version": 1, "isRoot": true, "tools": { "hello.tool": { "version": "1.0.0", "commands": ["hello-dotnet"] } } }
            """);
        var manifest = env.InShell("bash", "dotnet hello-dotnet m; echo \"exit $?\"; hello-dotnet n");
        Assert.Contains("dotnet tool restore", manifest.Output);
        Assert.Contains("exit 1\nhello-dotnet 1.0.0 [n]", manifest.Output);
        Assert.DoesNotContain("[m]", manifest.Output);
    }

    [Fact]
    public void Dotnet_COMMAND_runs_a_tool_of_an_ad_hoc_shell()
    {
        using var env = new TestEnv(fixture);
        var shell = env.DotnetEnv(["shell", "Hello.Tool@1.0.0", "--", "dotnet", "hello-dotnet", "z"]);
        Assert.True(shell.ExitCode == 0, shell.ToString());
        Assert.Equal("hello-dotnet 1.0.0 [z]", shell.Stdout.Trim());
    }
}
