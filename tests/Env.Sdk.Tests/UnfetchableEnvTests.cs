using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Env.Sdk.Tests;

/// <summary>
/// An env that cannot be fetched (offline with an empty store, ENV0120; a tool's URL that nothing answers, ENV0104) must not
/// break the NuGet restore of the projects that use it, nor a solution's: the restore completes (project.assets.json
/// written, so an editor keeps every package's types) with the env's error as a warning, and the build that needs the
/// env fails with that error, not "not restored". Nothing of the env is written until it can be fetched; then a build works.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed partial class UnfetchableEnvTests(SdkFixture fixture)
{
    [Fact]
    public void Offline_with_an_empty_store_restores_the_projects_with_a_warning_and_fails_their_build_with_ENV0120()
    {
        using var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "www"), "greet-1.0.tar.gz", "greet", "greet says");
        using var server = new LoopbackFileServer(Path.Combine(env.Root, "www"));
        env.WriteProject($"""<Tool Include="greet" Version="1.0" Url="{server.Url("greet-1.0.tar.gz")}" Hash="{TestArchives.Sri(archive)}" />""");
        File.WriteAllText(Path.Combine(env.ProjectDir, "global.json"), $$"""{ "msbuild-sdks": { "Env.Sdk": "{{Repo.SdkVersion}}" } }""");
        env.UseMachineFeeds();
        Dotnet(env, "new", "xunit", "-o", "tests", "-n", "Tests");
        var csproj = Path.Combine(env.ProjectDir, "tests", "Tests.csproj");
        File.WriteAllText(csproj, File.ReadAllText(csproj).Replace("<Project Sdk=\"Microsoft.NET.Sdk\">", "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <Sdk Name=\"Env.Sdk\" />"));
        File.WriteAllText(Path.Combine(env.ProjectDir, "tests", "UnitTest1.cs"), """
            namespace Tests;

            public class UnitTest1
            {
                [Fact]
                public void Sees_the_env() =>
                    Assert.Contains(Environment.GetEnvironmentVariable("PATH")!.Split(Path.PathSeparator), d => File.Exists(Path.Combine(d, "greet")));
            }
            """);
        Dotnet(env, "new", "sln", "-n", "all", "--format", "slnx");
        Dotnet(env, "sln", "all.slnx", "add", "env.proj", "tests/Tests.csproj");
        // The lock is committed; a fresh clone has no store, cache or shell folder.
        Dotnet(env, "build", "env.proj");
        Directory.Delete(env.StoreDir, recursive: true);
        Directory.Delete(env.CacheDir, recursive: true);
        Directory.Delete(env.ShellDir, recursive: true);
        var requests = server.Requests;
        var offline = new Dictionary<string, string?> { ["ENVSDK_OFFLINE"] = "true" };
        var assets = Path.Combine(env.ProjectDir, "tests", "obj", "project.assets.json");

        // The test project's restore (what an editor runs on opening it) and the solution's complete, the env's error a warning.
        var restore = Run(env, offline, "restore", "tests", "-tl:off");
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Contains("warning ENV0120", restore.Output);
        Assert.Contains("'greet' 1.0", restore.Output);
        Assert.DoesNotContain(": error ", restore.Output);
        Assert.True(File.Exists(assets), restore.ToString());
        File.Delete(assets);
        var solutionRestore = Run(env, offline, "restore", "all.slnx", "-tl:off");
        Assert.True(solutionRestore.ExitCode == 0, solutionRestore.ToString());
        Assert.Contains("warning ENV0120", solutionRestore.Output);
        Assert.True(File.Exists(assets), solutionRestore.ToString());
        // The terminal logger (the default in a terminal) shows it too.
        var terminal = InTerminal(env, offline, "restore tests");
        Assert.True(terminal.ExitCode == 0, terminal.Output);
        Assert.Matches(WarningLine(), terminal.Output);
        AssertNothingWritten(env);

        // The build that needs the env fails with the cause and its next step, and so do the env's own restore and build.
        foreach (var args in new[] { new[] { "build", "tests" }, ["test", "tests"], ["build", "all.slnx"], ["build", "env.proj"], ["restore", "env.proj"] })
        {
            var build = Run(env, offline, [.. args, "-tl:off"]);
            Assert.True(build.ExitCode != 0, build.ToString());
            Assert.Contains("error ENV0120", build.Output);
            Assert.Contains("build once online", build.Output);
            Assert.DoesNotContain("ENV0504", build.Output);
            Assert.DoesNotContain("ENV0505", build.Output);
            AssertNothingWritten(env);
        }
        Assert.Equal(requests, server.Requests);

        // Online again: the next test run fetches the env and the test sees its tool.
        var test = Run(env, null, "test", "tests");
        Assert.True(test.ExitCode == 0, test.ToString());
        Assert.Contains("Passed!", test.Output);
        Assert.Equal(requests + 1, server.Requests);
        Assert.False(Directory.Exists(Path.Combine(env.StateDir, "restore-failed")) && Directory.EnumerateFileSystemEntries(Path.Combine(env.StateDir, "restore-failed")).Any(),
            "the note of the failed restore was left");
    }

    [Fact]
    public void A_tool_url_nothing_answers_is_a_restore_warning_and_one_build_error_until_the_url_is_fixed()
    {
        using var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "www"), "greet-1.0.tar.gz", "greet", "greet says");
        var closed = $"http://127.0.0.1:{ClosedPort()}/greet-1.0.tar.gz";
        env.WriteProject($"""<Tool Include="greet" Version="1.0" Url="{closed}" Hash="{TestArchives.Sri(archive)}" />""");
        File.WriteAllText(Path.Combine(env.ProjectDir, "global.json"), $$"""{ "msbuild-sdks": { "Env.Sdk": "{{Repo.SdkVersion}}" } }""");
        Dotnet(env, "new", "console", "-o", "app", "-n", "App");
        var csproj = Path.Combine(env.ProjectDir, "app", "App.csproj");
        File.WriteAllText(csproj, File.ReadAllText(csproj)
            .Replace("<Project Sdk=\"Microsoft.NET.Sdk\">", "<Project Sdk=\"Microsoft.NET.Sdk\">\n  <Sdk Name=\"Env.Sdk\" />")
            .Replace("</Project>", "  <Target Name=\"Greet\" AfterTargets=\"Build\"><Exec Command=\"greet from-the-build\" /></Target>\n</Project>"));
        Dotnet(env, "new", "sln", "-n", "all", "--format", "slnx");
        Dotnet(env, "sln", "all.slnx", "add", "env.proj", "app/App.csproj");

        var restore = Run(env, null, "restore", "all.slnx", "-tl:off");
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Contains("warning ENV0104", restore.Output);
        Assert.Contains(closed, restore.Output);
        Assert.True(File.Exists(Path.Combine(env.ProjectDir, "app", "obj", "project.assets.json")), restore.ToString());
        AssertNothingWritten(env);

        // The solution's build: the restore phase warns, then env.proj's build and the app's ask again in one request, and
        // the error is reported once (once as it happens, once in the closing summary).
        var build = Run(env, null, "build", "all.slnx", "-m:2", "-tl:off");
        Assert.True(build.ExitCode != 0, build.ToString());
        Assert.Contains("warning ENV0104", build.Output);
        Assert.Equal(2, Regex.Matches(build.Output, "error ENV0104").Count);
        Assert.DoesNotContain("ENV0505", build.Output);
        AssertNothingWritten(env);
        var run = Run(env, null, "run", "--project", "app");
        Assert.True(run.ExitCode != 0, run.ToString());
        Assert.Contains("error ENV0104", run.Output);

        // The URL fixed: the next build fetches the env and the app's build runs its tool.
        using var server = new LoopbackFileServer(Path.Combine(env.Root, "www"));
        env.WriteProject($"""<Tool Include="greet" Version="1.0" Url="{server.Url("greet-1.0.tar.gz")}" Hash="{TestArchives.Sri(archive)}" />""");
        var fixedBuild = Run(env, null, "build", "all.slnx", "-tl:off");
        Assert.True(fixedBuild.ExitCode == 0, fixedBuild.ToString());
        Assert.Contains("greet says from-the-build", fixedBuild.Output);
        Assert.DoesNotContain(": warning ", fixedBuild.Output);
    }

    /// <summary>No store entry, no shell folder (stamps, env.props, activate), no lock beyond the committed one.</summary>
    private static void AssertNothingWritten(TestEnv env)
    {
        Assert.Empty(TestEnv.StoreContents(env.StoreDir));
        Assert.False(Directory.Exists(env.ShellDir), "the failed restore wrote the shell folder");
    }

    /// <summary>A port on the loopback that nothing listens on: bound, then let go.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static ProcessResult Run(TestEnv env, IDictionary<string, string?>? extra, params string[] args)
    {
        // Node reuse off for what runs MSBuild; `dotnet run` would pass the switch on to the app.
        string[] msbuild = args[0] is "build" or "test" or "restore" ? ["-nr:false"] : [];
        return ProcessRunner.Run("dotnet", [.. args, .. msbuild], env.ProjectDir, env.Environment(extra), TimeSpan.FromMinutes(5));
    }

    private static void Dotnet(TestEnv env, params string[] args)
    {
        var result = Run(env, null, args);
        Assert.True(result.ExitCode == 0, $"dotnet {string.Join(' ', args)}\n{result}");
    }

    /// <summary>A command run in a pseudo-terminal, as a user's, so MSBuild's default terminal logger draws it; control sequences removed.</summary>
    private static ProcessResult InTerminal(TestEnv env, IDictionary<string, string?> extra, string command)
    {
        var variables = new Dictionary<string, string?>(extra)
        {
            // The test host runs under `dotnet test`, whose variables turn the terminal logger off in child builds.
            ["TERM"] = "xterm-256color", ["_MSBUILDTLENABLED"] = null, ["MSBUILDENSURESTDOUTFORTASKPROCESSES"] = null,
        };
        var result = ProcessRunner.Run("script", ["-qec", $"stty cols 250 rows 50; dotnet {command} -nr:false", "/dev/null"], env.ProjectDir, env.Environment(variables));
        return result with { Output = Ansi().Replace(result.Output, "").Replace("\r", "\n") };
    }

    [GeneratedRegex(@"warning ENV0120: .*'greet' 1\.0")]
    private static partial Regex WarningLine();

    [GeneratedRegex(@"\x1b(\[[0-9;?]*[A-Za-z]|\][^\x1b\x07]*(\x1b\\|\x07)|[=>])")]
    private static partial Regex Ansi();
}
