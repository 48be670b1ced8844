namespace Env.Sdk.Tests;

/// <summary>
/// Projects of the .NET SDK that use an env (<c>&lt;Sdk Name="Env.Sdk" /&gt;</c>), made by the real <c>dotnet new console</c>,
/// <c>dotnet new xunit</c> and <c>dotnet new sln</c>, in a repository cloned fresh (an empty store, no .envsdk/): the
/// solution's restore fetches the env, a build's Exec runs a pinned tool, <c>dotnet run</c> and <c>dotnet test</c> see the
/// env's variables, and a project beside them that does not use the env sees nothing.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class UseEnvironmentTests(SdkFixture fixture)
{
    private const string Greeting = "hello from the env; it's $HOME \"quoted\"";

    [Fact]
    public void A_solution_of_an_app_a_test_project_and_a_bystander_uses_the_env_on_a_fresh_clone()
    {
        using var env = Clone(out var solution);

        // Fresh clone: nothing restored. One `dotnet build` of the solution fetches the env in its restore phase.
        var build = Dotnet(env, "build", solution, "-tl:off", "-m:1");
        Assert.Contains("Restoring greet 1.0", build.Output);
        Assert.Contains($"EnvCommand_greet={Path.Combine(env.ShellDir, "profile", "bin", "greet")}", build.Output);
        // MSBuild gives each project its own environment: the bystander's Exec, built on the same node after the app, sees none of it.
        Assert.Contains("BYSTANDER sees []", build.Output);

        var run = Dotnet(env, "run", "--project", "app", "--no-build");
        Assert.Equal($"generated: greet says build-time; GREETING={Greeting}", run.Output.Trim());

        // The xunit test asserts it sees the env's variable and its tool on PATH.
        var test = Dotnet(env, "test", solution);
        Assert.Contains("Passed!", test.Output);
        Assert.Contains("Passed!", Dotnet(env, "test", "tests", "--no-build").Output);

        // Building again is a no-op for the env: nothing restored or regenerated.
        var again = Dotnet(env, "build", solution, "-tl:off", "-v:n");
        Assert.DoesNotContain("Restoring", again.Output);
        Assert.Contains("Skipping target \"_EnvRestore\" because all output files are up-to-date", again.Output);
        Assert.Contains("Skipping target \"_EnvGenerateShell\" because all output files are up-to-date", again.Output);

        foreach (var verb in new[] { "pack", "publish", "clean" })
            Dotnet(env, verb, solution);
    }

    [Fact]
    public void Projects_that_use_the_env_build_in_parallel_without_racing()
    {
        using var env = Clone(out var solution);
        // The app and the test project both use the env, beside the solution's own build of it: three MSBuild requests
        // for one env on two nodes, from an empty store, three times over.
        for (var i = 0; i < 3; i++)
        {
            var build = Dotnet(env, "build", solution, "-m:2", "-tl:off");
            Assert.Contains("Restoring greet 1.0", build.Output);
            Assert.DoesNotContain(": warning ", build.Output);
            Directory.Delete(env.StoreDir, recursive: true);
            Directory.Delete(env.CacheDir, recursive: true);
            Directory.Delete(env.ShellDir, recursive: true);
        }
    }

    [Fact]
    public void A_Microsoft_Testing_Platform_test_app_sees_the_env_under_dotnet_test_and_dotnet_run()
    {
        using var env = NewEnv();
        env.UseMachineFeeds();
        // dotnet test in Microsoft.Testing.Platform mode (.NET 10) runs the test app itself, through RunCommand.
        File.WriteAllText(Path.Combine(env.ProjectDir, "global.json"),
            $$"""{ "msbuild-sdks": { "Env.Sdk": "{{Repo.SdkVersion}}" }, "test": { "runner": "Microsoft.Testing.Platform" } }""");
        Dotnet(env, "new", "mstest", "-o", "mst", "-n", "Mst");
        var csproj = Path.Combine(env.ProjectDir, "mst", "Mst.csproj");
        File.WriteAllText(csproj, File.ReadAllText(csproj)
            .Replace("<Project Sdk=\"Microsoft.NET.Sdk\">", "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <Sdk Name=\"Env.Sdk\" />")
            .Replace("</TargetFramework>", "</TargetFramework>\n    <OutputType>Exe</OutputType>\n    <EnableMSTestRunner>true</EnableMSTestRunner>"));
        File.WriteAllText(Path.Combine(env.ProjectDir, "mst", "Test1.cs"), $$"""
            namespace Mst;

            [TestClass]
            public sealed class Test1
            {
                [TestMethod]
                public void Sees_the_env() => Assert.AreEqual({{Literal(Greeting)}}, Environment.GetEnvironmentVariable("GREETING"));
            }
            """);
        // Its options go to the test app, so no -nr:false (the environment turns node reuse off).
        var test = ProcessRunner.Run("dotnet", ["test", "--project", "mst"], env.ProjectDir, env.Environment(), TimeSpan.FromMinutes(5));
        Assert.True(test.ExitCode == 0, test.ToString());
        Assert.Contains("succeeded: 1", test.Output);
        Assert.Contains("succeeded: 1", Dotnet(env, "run", "--project", "mst").Output);

        // A solution holding env.proj, the MSTest app and an xunit v3 app: dotnet test in this mode builds the solution
        // with -t:_MTPBuild, which env.proj answers by building the env (it was MSB4057 before).
        Dotnet(env, "new", "console", "-o", "xu", "-n", "Xu");
        File.WriteAllText(Path.Combine(env.ProjectDir, "xu", "Xu.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <Sdk Name="Env.Sdk" />
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <OutputType>Exe</OutputType>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="xunit.v3" Version="4.0.3" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(env.ProjectDir, "xu", "Program.cs"), $$"""
            public class Sees
            {
                [Xunit.Fact]
                public void The_env() => Xunit.Assert.Equal({{Literal(Greeting)}}, Environment.GetEnvironmentVariable("GREETING"));
            }
            """);
        Dotnet(env, "new", "sln", "-n", "all", "--format", "slnx");
        Dotnet(env, "sln", "all.slnx", "add", "env.proj", "mst/Mst.csproj", "xu/Xu.csproj");
        Directory.Delete(env.ShellDir, recursive: true);
        var solution = ProcessRunner.Run("dotnet", ["test", "--solution", "all.slnx"], env.ProjectDir, env.Environment(), TimeSpan.FromMinutes(5));
        Assert.True(solution.ExitCode == 0, solution.ToString());
        Assert.DoesNotContain("MSB4057", solution.Output);
        Assert.Contains("succeeded: 2", solution.Output);
        Assert.True(File.Exists(Path.Combine(env.ShellDir, "activate")), solution.Output);
        // Microsoft.Testing.Platform's own verb, `dotnet build -t:Test`, is a quiet no-op for the env.
        Assert.DoesNotContain("MSB4057", Dotnet(env, "build", "all.slnx", "-t:Build;Test").Output);
    }

    [Fact]
    public void A_cold_solution_build_downloads_each_tool_once_though_a_project_asks_for_the_env_too()
    {
        // The solution's restore prepares env.proj and the app asks for it as well; a slow server keeps the first
        // download open while the app's request comes. Both requests are one MSBuild configuration (Environment.targets'
        // _IsProjectRestoreSupported), so the app's waits for the result: one download (two before, in parallel).
        using var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "www"), "greet-1.0.tar.gz", "greet", "greet says");
        using var server = new LoopbackFileServer(Path.Combine(env.Root, "www")) { Throttle = (int)Math.Max(1, new FileInfo(archive).Length / 3) };
        env.WriteProject($"""<Tool Include="greet" Version="1.0" Url="{server.Url("greet-1.0.tar.gz")}" Hash="{TestArchives.Sri(archive)}" />""");
        SolutionWithApp(env);

        var build = Dotnet(env, "build", "all.slnx", "-m:2", "-tl:off");
        Assert.Equal(1, server.Requests);
        Assert.DoesNotContain(": warning ", build.Output);
    }

    [Fact]
    public void A_cold_solution_build_whose_env_fails_to_restore_reports_the_error_once()
    {
        // The app's request for the env is the solution's own (one configuration): it gets the failed result, and does
        // not try the restore again (which printed the whole error a second time). The restore phase warns (the projects'
        // own NuGet restore completes: UnfetchableEnvTests); the build asks once more, in one request, and fails.
        using var env = new TestEnv(fixture);
        Directory.CreateDirectory(Path.Combine(env.Root, "www"));
        using var server = new LoopbackFileServer(Path.Combine(env.Root, "www"));
        env.WriteProject($"""<Tool Include="gone" Version="1.0" Url="{server.Url("gone-1.0.tar.gz")}" Hash="sha256-{Convert.ToBase64String(new byte[32])}" />""");
        SolutionWithApp(env);

        var build = ProcessRunner.Run("dotnet", ["build", "all.slnx", "-m:2", "-tl:off", "-nr:false"], env.ProjectDir, env.Environment(), TimeSpan.FromMinutes(5));

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error ENV0105", build.Output);
        Assert.Contains(server.Url("gone-1.0.tar.gz"), build.Output);
        // Once as it happens, once in the summary that closes the build; twice each before.
        Assert.Matches(new System.Text.RegularExpressions.Regex(@"^\s*1 Error\(s\)", System.Text.RegularExpressions.RegexOptions.Multiline), build.Output);
        Assert.Equal(2, Occurrences(build.Output, "error ENV0105"));
        Assert.Contains("warning ENV0105", build.Output);
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public void Without_a_restore_nothing_is_downloaded_and_the_error_says_to_restore()
    {
        using var env = Clone(out var solution);
        Dotnet(env, "restore", "app");
        Directory.Delete(env.StoreDir, recursive: true);
        Directory.Delete(env.ShellDir, recursive: true);

        var build = ProcessRunner.Run("dotnet", ["build", "app", "--no-restore", "-nr:false", "-tl:off"], env.ProjectDir, env.Environment());
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("ENV0505", build.Output);
        Assert.False(Directory.Exists(env.StoreDir) && Directory.EnumerateDirectories(env.StoreDir).Any(d => !Path.GetFileName(d).StartsWith('.')), "a build without a restore fetched a tool");
    }

    [Fact]
    public void Design_time_builds_neither_download_nor_fail_on_an_env_that_is_not_restored()
    {
        using var env = Clone(out _);
        Dotnet(env, "restore", "app");
        // A store cleaned behind the IDE's back, and no shell: what an IDE may find when it loads the solution.
        Directory.Delete(env.StoreDir, recursive: true);
        Directory.Delete(env.ShellDir, recursive: true);

        var app = Dotnet(env, "msbuild", "app", "-t:Compile", "-p:DesignTimeBuild=true", "-p:SkipCompilerExecution=true",
            "-p:ProvideCommandLineArgs=true", "-p:BuildingProject=false", "-tl:off");
        Assert.DoesNotContain(": error ", app.Output);
        var envProject = Dotnet(env, "msbuild", "env.proj", "-t:Build", "-p:DesignTimeBuild=true", "-tl:off");
        Assert.DoesNotContain(": error ", envProject.Output);
        Assert.False(Directory.Exists(env.StoreDir), "a design-time build downloaded");
        Assert.False(Directory.Exists(env.ShellDir), "a design-time build wrote the shell");
    }

    [Fact]
    public void A_ProjectReference_to_env_proj_builds_the_env_first_and_references_nothing()
    {
        using var env = NewEnv();
        Dotnet(env, "new", "console", "-o", "plain", "-n", "Plain");
        var csproj = Path.Combine(env.ProjectDir, "plain", "Plain.csproj");
        File.WriteAllText(csproj, File.ReadAllText(csproj).Replace("</Project>", """
              <ItemGroup><ProjectReference Include="../env.proj" /></ItemGroup>
            </Project>
            """));

        var build = Dotnet(env, "build", "plain", "-tl:off");
        Assert.DoesNotContain(": warning ", build.Output);
        Assert.True(File.Exists(Path.Combine(env.ShellDir, "activate")), "the referenced env was not built");
        var output = Path.Combine(env.ProjectDir, "plain", "bin", "Debug", "net10.0");
        Assert.Equal(["Plain", "Plain.deps.json", "Plain.dll", "Plain.pdb", "Plain.runtimeconfig.json"],
            Directory.GetFiles(output).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToArray());
        Assert.DoesNotContain("env", File.ReadAllText(Path.Combine(output, "Plain.deps.json")));
    }

    [Fact]
    public void The_env_is_found_in_env_folder_above_and_its_tasks_run_in_a_task_host_as_under_Visual_Studio()
    {
        using var env = NewEnv();
        // The layout `dotnet sln add env/env.proj` suggests: the env in env/, the app beside it.
        var envDir = Path.Combine(env.ProjectDir, "env");
        Directory.CreateDirectory(envDir);
        File.Move(env.ProjectFile, Path.Combine(envDir, "env.proj"));
        App(env, "app");

        // Visual Studio's .NET Framework MSBuild runs the tasks in a .NET task host (UsingTask Runtime="NET"); .NET's MSBuild
        // can be made to take that path too, and the environment the task sets must still reach the project's Exec.
        Assert.Equal("", Dotnet(env, "msbuild", "app", "-getProperty:_EnvTaskHost").Output.Trim());
        Assert.Equal(Path.Combine(envDir, "env.proj"), Dotnet(env, "msbuild", "app", "-getProperty:EnvProject").Output.Trim());
        Dotnet(env, "build", "app", "-p:_EnvTaskHost=true");
        Assert.Contains($"GREETING={Greeting}", Dotnet(env, "run", "--project", "app", "--no-build").Output);
    }

    [Fact]
    public void Opting_in_without_an_env_is_a_coded_error_naming_the_project()
    {
        using var env = NewEnv();
        var app = App(env, "app");
        File.Delete(env.ProjectFile);
        var build = ProcessRunner.Run("dotnet", ["build", "app", "-nr:false", "-tl:off"], env.ProjectDir, env.Environment());
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error ENV0801", build.Output);
        Assert.Contains(app, build.Output);
        Assert.Contains("Set EnvProject", build.Output);
    }

    private TestEnv NewEnv()
    {
        var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "dl"), "greet-1.0.tar.gz", "greet", "greet says");
        env.WriteProject($"""
            <Tool Include="greet" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" />
            <EnvVar Include="GREETING" Value="{System.Security.SecurityElement.Escape(Greeting).Replace("$", "%24")}" />
            """);
        File.WriteAllText(Path.Combine(env.ProjectDir, "global.json"), $$"""{ "msbuild-sdks": { "Env.Sdk": "{{Repo.SdkVersion}}" } }""");
        return env;
    }

    /// <summary>
    /// The repository as a new user would have it: env.proj at the root with its lock, a console app and an xunit project
    /// that use it, a console project that does not, all in an .slnx; then "cloned": store, cache and .envsdk/ gone.
    /// </summary>
    private TestEnv Clone(out string solution)
    {
        var env = NewEnv();
        env.UseMachineFeeds();
        App(env, "app");
        Dotnet(env, "new", "xunit", "-o", "tests", "-n", "Tests");
        var tests = Path.Combine(env.ProjectDir, "tests", "Tests.csproj");
        File.WriteAllText(tests, File.ReadAllText(tests).Replace("<Project Sdk=\"Microsoft.NET.Sdk\">", "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <Sdk Name=\"Env.Sdk\" />"));
        File.WriteAllText(Path.Combine(env.ProjectDir, "tests", "UnitTest1.cs"), $$"""
            namespace Tests;

            public class UnitTest1
            {
                [Fact]
                public void Sees_the_env()
                {
                    Assert.Equal({{Literal(Greeting)}}, Environment.GetEnvironmentVariable("GREETING"));
                    Assert.Contains(Environment.GetEnvironmentVariable("PATH")!.Split(Path.PathSeparator), d => File.Exists(Path.Combine(d, "greet")));
                }
            }
            """);
        Dotnet(env, "new", "console", "-o", "bystander", "-n", "Bystander");
        var bystander = Path.Combine(env.ProjectDir, "bystander", "Bystander.csproj");
        File.WriteAllText(bystander, File.ReadAllText(bystander).Replace("</Project>", """
              <Target Name="Peek" AfterTargets="Build"><Exec Command="echo BYSTANDER sees [$GREETING]" /></Target>
            </Project>
            """));
        Dotnet(env, "new", "sln", "-n", "all", "--format", "slnx");
        solution = "all.slnx";
        Dotnet(env, "sln", solution, "add", "env.proj", "app/App.csproj", "tests/Tests.csproj", "bystander/Bystander.csproj");

        // The lock is committed; the rest is not in a clone.
        Dotnet(env, "build", "env.proj");
        Directory.Delete(env.StoreDir, recursive: true);
        Directory.Delete(env.CacheDir, recursive: true);
        Directory.Delete(env.ShellDir, recursive: true);
        return env;
    }

    /// <summary>all.slnx holding env.proj (as written) and an app that uses it; Env.Sdk's version in global.json.</summary>
    private static void SolutionWithApp(TestEnv env)
    {
        File.WriteAllText(Path.Combine(env.ProjectDir, "global.json"), $$"""{ "msbuild-sdks": { "Env.Sdk": "{{Repo.SdkVersion}}" } }""");
        App(env, "app");
        Dotnet(env, "new", "sln", "-n", "all", "--format", "slnx");
        Dotnet(env, "sln", "all.slnx", "add", "env.proj", "app/App.csproj");
    }

    private static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }

    /// <summary>A console app that uses the env: its build runs greet to generate a source file it compiles; it prints GREETING.</summary>
    private static string App(TestEnv env, string folder)
    {
        Dotnet(env, "new", "console", "-o", folder, "-n", "App");
        var csproj = Path.Combine(env.ProjectDir, folder, "App.csproj");
        File.WriteAllText(csproj, """
            <Project Sdk="Microsoft.NET.Sdk">
              <Sdk Name="Env.Sdk" />
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <Target Name="Generate" BeforeTargets="CoreCompile" Condition="'$(DesignTimeBuild)' != 'true'">
                <Exec Command="greet build-time" ConsoleToMSBuild="true">
                  <Output TaskParameter="ConsoleOutput" PropertyName="Greeted" />
                </Exec>
                <WriteLinesToFile File="$(IntermediateOutputPath)Generated.cs" Lines="static class Generated { public const string Text = &quot;$(Greeted)&quot;%3B }" Overwrite="true" />
                <Message Importance="high" Text="EnvCommand_greet=$(EnvCommand_greet)" />
                <ItemGroup><Compile Include="$(IntermediateOutputPath)Generated.cs" /></ItemGroup>
              </Target>
            </Project>
            """);
        File.WriteAllText(Path.Combine(env.ProjectDir, folder, "Program.cs"),
            "Console.WriteLine($\"generated: {Generated.Text}; GREETING={Environment.GetEnvironmentVariable(\"GREETING\")}\");\n");
        return csproj;
    }

    private static string Literal(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static ProcessResult Dotnet(TestEnv env, params string[] args)
    {
        // Node reuse off for what runs MSBuild; `dotnet run` would pass the switch on to the app.
        string[] msbuild = args[0] is "build" or "test" or "pack" or "publish" or "clean" or "restore" or "msbuild" ? ["-nr:false"] : [];
        var result = ProcessRunner.Run("dotnet", [.. args, .. msbuild], env.ProjectDir, env.Environment(), TimeSpan.FromMinutes(5));
        Assert.True(result.ExitCode == 0, $"dotnet {string.Join(' ', args)}\n{result}");
        return result;
    }
}
