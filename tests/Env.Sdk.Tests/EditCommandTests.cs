using Env.Core.Locking;

namespace Env.Sdk.Tests;

/// <summary>
/// <c>dotnet env add</c>, <c>remove</c> and <c>outdated</c> end to end: the installed dotnet-env tool edits env.proj, runs the
/// real <c>dotnet build</c> of the packed SDK, and the env then has (or no longer has) the tool.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class EditCommandTests(SdkFixture fixture)
{
    private const string Original = """
        <Project Sdk="Env.Sdk/{0}">
          <!-- kept as written -->
          <ItemGroup>
            <EnvVar Include="GREETING" Value="hi" />
          </ItemGroup>
        </Project>

        """;

    /// <summary>The installed dotnet-env (SdkFixture packs and installs it as a user would).</summary>
    private static SplitResult DotnetEnv(TestEnv env, params string[] args) => env.DotnetEnv([.. args, "-v", "q"]);

    private static string WriteOriginal(TestEnv env)
    {
        var text = Original.Replace("{0}", Repo.SdkVersion);
        File.WriteAllText(env.ProjectFile, text);
        return text;
    }

    [Fact]
    public void Add_a_package_takes_the_newest_version_writes_one_line_and_builds_the_env_that_then_runs_it_and_remove_undoes_it()
    {
        using var env = new TestEnv(fixture);
        var original = WriteOriginal(env);

        var add = DotnetEnv(env, "add", "hello.tool", "--name", "hello");
        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Contains("Added hello 1.1.0 to env.proj", add.Stdout);

        Assert.Equal(original.Replace("  </ItemGroup>\n</Project>", "  </ItemGroup>\n  <ItemGroup>\n    <Tool Include=\"hello\" Version=\"1.1.0\" Package=\"Hello.Tool\" />\n  </ItemGroup>\n</Project>"),
            File.ReadAllText(env.ProjectFile));
        Assert.Equal("1.1.0", LockFile.Load(env.LockFile).Find("hello", "any")?.Version);
        var run = env.InShell("bash", "hello-dotnet x");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("hello-dotnet 1.1.0 [x]", run.Output.Trim());

        var remove = DotnetEnv(env, "remove", "hello");
        Assert.True(remove.ExitCode == 0, remove.ToString());
        Assert.Equal(original, File.ReadAllText(env.ProjectFile));
        Assert.Null(LockFile.Load(env.LockFile).Find("hello", "any"));
        var gone = env.InShell("bash", "command -v hello-dotnet || echo gone");
        Assert.Equal("gone", gone.Output.Trim());
    }

    [Fact]
    public void Add_a_url_writes_its_hash_and_the_build_takes_the_download_from_the_cache()
    {
        using var env = new TestEnv(fixture);
        WriteOriginal(env);
        var www = Path.Combine(env.Root, "www");
        var archive = TestArchives.TarGzTool(www, "greeter-2.5.1-linux.tar.gz", "greet", "hello from greeter");
        using var server = new LoopbackFileServer(www);

        var add = DotnetEnv(env, "add", "--url", server.Url("greeter-2.5.1-linux.tar.gz"), "--rid", "any");
        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Contains("Added greeter 2.5.1", add.Stdout);
        Assert.Contains($"""<Tool Include="greeter" Version="2.5.1" Url="{server.Url("greeter-2.5.1-linux.tar.gz")}" Hash="{TestArchives.Sri(archive)}" />""", File.ReadAllText(env.ProjectFile));
        Assert.Equal(1, server.Requests);

        var run = env.InShell("bash", "greet a");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("hello from greeter a", run.Output.Trim());
    }

    [Fact]
    public void An_add_whose_build_fails_puts_env_proj_back_and_exits_with_the_builds_code()
    {
        using var env = new TestEnv(fixture);
        env.WriteProject("""    <Tool Include="hello" Package="Hello.Tool" Version="1.0.0" />""");
        Assert.Equal(0, env.Build().ExitCode);
        var before = File.ReadAllBytes(env.ProjectFile);
        // An archive whose command clashes with hello's: only the build sees that (ENV0008).
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "dl"), "clash-1.0.tar.gz", "hello-dotnet", "clash");

        var add = DotnetEnv(env, "add", "--url", new Uri(archive).AbsoluteUri, "--rid", "any");

        Assert.NotEqual(0, add.ExitCode);
        Assert.Contains("ENV0008", add.Stdout + add.Stderr); // the build's own output names it
        Assert.Contains("put back as it was", add.Stderr);
        Assert.Equal(before, File.ReadAllBytes(env.ProjectFile));
    }

    [Fact]
    public void Refusals_are_coded_errors_on_stderr_and_change_nothing()
    {
        using var env = new TestEnv(fixture);
        WriteOriginal(env);
        var before = File.ReadAllBytes(env.ProjectFile);

        var notATool = DotnetEnv(env, "add", "Native.Hello", "--no-build");
        Assert.Equal(1, notATool.ExitCode);
        Assert.StartsWith("ENV0725: ", notATool.Stderr);
        Assert.Contains("tools/linux_x64/native-hello", notATool.Stderr);
        Assert.Equal("", notATool.Stdout);

        // A version no feed has: the hint names what was asked, not env.proj, which the version did not come from.
        var noVersion = DotnetEnv(env, "add", "hello.tool@9.9.9", "--no-build");
        Assert.Equal(1, noVersion.ExitCode);
        Assert.StartsWith("ENV0404: No version of package 'hello.tool' matches '9.9.9'.", noVersion.Stderr);
        Assert.Contains("Ask for one of these.", noVersion.Stderr);
        Assert.DoesNotContain("env.proj", noVersion.Stderr);

        var missing = DotnetEnv(env, "remove", "nope");
        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith("ENV0723: ", missing.Stderr);
        Assert.Equal(before, File.ReadAllBytes(env.ProjectFile));

        var withBin = DotnetEnv(env, "add", "Native.Hello", "--bin", "tools/linux_x64/native-hello", "--rid", "linux-x64", "--no-build");
        Assert.True(withBin.ExitCode == 0, withBin.ToString());
        Assert.Contains("""<Tool Include="Native.Hello" Version="2.0.0" Rid="linux-x64" Bin="tools/linux_x64/native-hello" />""", File.ReadAllText(env.ProjectFile));
        Assert.False(Directory.Exists(env.ShellDir), "--no-build builds nothing");
    }

    [Fact]
    public void Outdated_lists_a_locked_tool_with_a_newer_version_on_the_feeds()
    {
        using var env = new TestEnv(fixture);
        env.WriteProject("""    <Tool Include="hello" Package="Hello.Tool" Version="1.0.0" />""");
        Assert.Equal(0, env.Build().ExitCode);
        File.Copy(Directory.GetFiles(fixture.LaterFeed, "*.nupkg").Single(), Path.Combine(env.ExtraFeed, Path.GetFileName(Directory.GetFiles(fixture.LaterFeed, "*.nupkg").Single())));

        var table = DotnetEnv(env, "outdated");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Matches(@"hello\s+Hello\.Tool\s+1\.0\.0\s+1\.0\.0\s+1\.0\.0\s+1\.2\.0", table.Stdout);

        var json = DotnetEnv(env, "outdated", "--json");
        var row = Newtonsoft.Json.Linq.JArray.Parse(json.Stdout).Single();
        Assert.Equal(("1.2.0", true), ((string?)row["latest"], (bool)row["isOutdated"]!));

        // The tool's name moves its item (the package is Hello.Tool), as the table's hint says.
        var move = DotnetEnv(env, "add", "hello@1.2.0");
        Assert.True(move.ExitCode == 0, move.ToString());
        Assert.Contains("Changed hello in env.proj: 1.0.0 → 1.2.0", move.Stdout);
        Assert.Contains("""<Tool Include="hello" Package="Hello.Tool" Version="1.2.0" />""", File.ReadAllText(env.ProjectFile));
        Assert.Equal("hello-dotnet 1.2.0 [y]", env.InShell("bash", "hello-dotnet y").Output.Trim());
        Assert.Contains("at the newest version", DotnetEnv(env, "outdated").Stdout);
    }
}
