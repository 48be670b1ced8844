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
    public void Add_a_url_template_downloads_each_platform_of_EnvLockRuntimeIdentifiers_for_its_own_hash()
    {
        using var env = new TestEnv(fixture);
        var original = $"""
            <Project Sdk="Env.Sdk/{Repo.SdkVersion}">
              <PropertyGroup>
                <EnvLockRuntimeIdentifiers>linux-x64;osx-arm64;win-x64</EnvLockRuntimeIdentifiers>
              </PropertyGroup>
            </Project>

            """;
        File.WriteAllText(env.ProjectFile, original);
        var www = Path.Combine(env.Root, "www");
        var linux = TestArchives.TarGzTool(www, "tool-1.0-linux-x64.tar.gz", "tool", "linux");
        var mac = TestArchives.TarGzTool(www, "tool-1.0-osx-arm64.tar.gz", "tool", "mac");
        var win = TestArchives.ZipTool(www, "tool-1.0-win-x64.zip", "bin/tool.exe", "windows");
        using var server = new LoopbackFileServer(www);

        var add = DotnetEnv(env, "add", "tool@1.0", "--url", server.Url("tool-{version}-{rid}.{ext}"));

        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Contains("Added tool 1.0 for linux-x64 to env.proj", add.Stdout);
        Assert.Contains("Added tool 1.0 for osx-arm64 to env.proj", add.Stdout);
        Assert.Contains("Added tool 1.0 for win-x64 to env.proj", add.Stdout);
        Assert.Contains("command tool.exe", add.Stdout);
        var text = File.ReadAllText(env.ProjectFile);
        Assert.Contains($"""    <Tool Include="tool" Version="1.0" Url="{server.Url("tool-1.0-linux-x64.tar.gz")}" Hash="{TestArchives.Sri(linux)}" Rid="linux-x64" />""", text);
        Assert.Contains($"""    <Tool Include="tool" Version="1.0" Url="{server.Url("tool-1.0-osx-arm64.tar.gz")}" Hash="{TestArchives.Sri(mac)}" Rid="osx-arm64" />""", text);
        Assert.Contains($"""    <Tool Include="tool" Version="1.0" Url="{server.Url("tool-1.0-win-x64.zip")}" Hash="{TestArchives.Sri(win)}" Rid="win-x64" />""", text);
        Assert.Equal(3, server.Requests);
        Assert.Equal("linux a", env.InShell("bash", "tool a").Output.Trim());

        // Every platform's item locks from the download cache: nothing is fetched again.
        var lockAll = env.Build("-t:EnvLock");
        Assert.True(lockAll.ExitCode == 0, lockAll.ToString());
        Assert.Equal(["linux-x64", "osx-arm64", "win-x64"], LockFile.Load(env.LockFile).Tools["tool"].Keys);
        Assert.Equal(3, server.Requests);
    }

    [Fact]
    public void Add_rid_and_url_pairs_with_optional_and_refusals_that_download_nothing()
    {
        using var env = new TestEnv(fixture);
        var original = WriteOriginal(env);
        var www = Path.Combine(env.Root, "www");
        var linux = TestArchives.TarGzTool(www, "lint-2.0-linux.tar.gz", "lint", "linux lint");
        var mac = TestArchives.TarGzTool(www, "lint-2.0-mac.tar.gz", "lint", "mac lint");
        using var server = new LoopbackFileServer(www);

        var unpaired = DotnetEnv(env, "add", "--url", server.Url("lint-2.0-linux.tar.gz"), "--url", server.Url("lint-2.0-mac.tar.gz"), "--rid", "linux-x64");
        Assert.Equal(1, unpaired.ExitCode);
        Assert.StartsWith("ENV0736: ", unpaired.Stderr);
        var typo = DotnetEnv(env, "add", "lint@2.0", "--url", server.Url("lint-2.0-{platform}.tar.gz"), "--rid", "linux-x64");
        Assert.Equal(1, typo.ExitCode);
        Assert.StartsWith("ENV0735: ", typo.Stderr);
        Assert.Equal(0, server.Requests);
        Assert.Equal(original, File.ReadAllText(env.ProjectFile));

        var add = DotnetEnv(env, "add", "--rid", "linux-x64", "--url", server.Url("lint-2.0-linux.tar.gz"), "--rid", "osx-arm64", "--url", server.Url("lint-2.0-mac.tar.gz"), "--optional");
        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Contains("name and version read from the first URL", add.Stdout);
        var text = File.ReadAllText(env.ProjectFile);
        Assert.Contains($"""<Tool Include="lint" Version="2.0" Url="{server.Url("lint-2.0-linux.tar.gz")}" Hash="{TestArchives.Sri(linux)}" Rid="linux-x64" Optional="true" />""", text);
        Assert.Contains($"""<Tool Include="lint" Version="2.0" Url="{server.Url("lint-2.0-mac.tar.gz")}" Hash="{TestArchives.Sri(mac)}" Rid="osx-arm64" Optional="true" />""", text);
        Assert.Equal("linux lint", env.InShell("bash", "lint").Output.Trim());

        // Windows has no lint: its build says so and succeeds.
        var windows = env.Build("-p:EnvRuntimeIdentifier=win-x64", "-p:EnvShellDir=" + Path.Combine(env.Root, "win-shell"));
        Assert.True(windows.ExitCode == 0, windows.ToString());
        Assert.Contains("lint not available on win-x64", windows.Output);
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
