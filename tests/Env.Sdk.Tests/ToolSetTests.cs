using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Env.Core.Locking;
using Env.Core.ToolSets;

namespace Env.Sdk.Tests;

/// <summary>
/// Tool sets (docs/tool-sets.md): a NuGet package whose Sdk/Sdk.props defines tools, used by env.proj as an MSBuild SDK
/// (<c>&lt;Sdk Name="SET" Version="…" /&gt;</c>, resolved from the env's feeds by MSBuild's NuGet SDK resolver), and read
/// without MSBuild by the same rules. Each test publishes its own sets (ids of its own: the run shares one global
/// packages folder) into the env's extra feed, pointing at archives on a loopback server and at the fixture's tool feed.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class ToolSetTests(SdkFixture fixture)
{
    [Fact]
    public void A_tool_from_a_set_builds_locks_its_hashes_and_runs_in_the_dev_shell()
    {
        using var env = new TestEnv(fixture);
        var www = Path.Combine(env.Root, "www");
        var archive = TestArchives.TarGzTool(www, "greeter-1.0.tar.gz", "greet", "hello from the set");
        using var server = new LoopbackFileServer(www);
        WriteSet(env.ExtraFeed, "Sets.Basic", "1.0.0", $"""
            <ToolDefinition Include="greeter" Version="1.0" Rid="linux" Url="{server.Url("greeter-1.0.tar.gz")}" Hash="{TestArchives.Sri(archive)}" />
            <ToolDefinition Include="greeter" Version="1.0" Rid="osx" Url="{server.Url("never-fetched.tar.gz")}" Hash="{TestArchives.Sri(archive)}" />
            <ToolDefinition Include="hello" Package="Hello.Tool" Version="1.0.0" />
            <ToolDefinition Include="unused" Package="Not.There" Version="1.0.0" />
            """);
        WriteProject(env, """<Sdk Name="Sets.Basic" Version="1.0.0" />""", """<Tool Include="greeter" /><Tool Include="hello" />""");

        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());

        var run = env.InShell("bash", "greet a; hello-dotnet b");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("hello from the set a\nhello-dotnet 1.0.0 [b]", run.Output.Trim());

        // The lock pins what the set defined, as if env.proj had written it: the archive's hash, the package's content hash.
        var lockFile = LockFile.Load(env.LockFile);
        var greeter = lockFile.Find("greeter", "linux")!;
        Assert.Equal(TestArchives.Sri(archive), greeter.SourceHash);
        Assert.Equal(server.Url("greeter-1.0.tar.gz"), greeter.Url);
        Assert.EndsWith("-greeter-1.0", greeter.StorePath);
        var hello = lockFile.Find("hello", "any")!;
        Assert.Equal("Hello.Tool", hello.Package);
        Assert.StartsWith("sha512-", hello.SourceHash);
        Assert.Null(lockFile.Find("unused", "any"));
        Assert.Equal(1, server.Requests);

        // dotnet env sees the set as an input of the env (env.json), so a changed set makes the env stale to it.
        var setFile = Path.Combine(fixture.NuGetPackages, "sets.basic", "1.0.0", "Sdk", "Sdk.props");
        Assert.Contains(setFile, File.ReadAllText(Path.Combine(env.ShellDir, "env.json")).Replace("\\/", "/"));

        // A second build with nothing changed runs no task.
        var again = env.Build("-v:n");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("Skipping target \"_EnvRestore\"", again.Output);
    }

    [Fact]
    public void A_new_set_version_that_changes_a_tool_is_refused_in_locked_mode_the_lock_pins_the_hashes()
    {
        using var env = new TestEnv(fixture);
        var www = Path.Combine(env.Root, "www");
        var one = TestArchives.TarGzTool(www, "pinned-1.0.tar.gz", "pinned", "one");
        var two = TestArchives.TarGzTool(www, "pinned-2.0.tar.gz", "pinned", "two");
        using var server = new LoopbackFileServer(www);
        WriteSet(env.ExtraFeed, "Sets.Pinned", "1.0.0", $"""<ToolDefinition Include="pinned" Version="1.0" Url="{server.Url("pinned-1.0.tar.gz")}" Hash="{TestArchives.Sri(one)}" />""");
        WriteSet(env.ExtraFeed, "Sets.Pinned", "2.0.0", $"""<ToolDefinition Include="pinned" Version="2.0" Url="{server.Url("pinned-2.0.tar.gz")}" Hash="{TestArchives.Sri(two)}" />""");
        WriteProject(env, """<Sdk Name="Sets.Pinned" Version="1.0.0" />""", """<Tool Include="pinned" />""");
        Assert.Equal(0, env.Build().ExitCode);
        var lockText = File.ReadAllText(env.LockFile);

        WriteProject(env, """<Sdk Name="Sets.Pinned" Version="2.0.0" />""", """<Tool Include="pinned" />""");
        var locked = env.Build("-p:EnvLockedMode=true");
        Assert.NotEqual(0, locked.ExitCode);
        Assert.Contains("error ENV05", locked.Output);
        Assert.Equal(lockText, File.ReadAllText(env.LockFile));

        var unlocked = env.Build();
        Assert.True(unlocked.ExitCode == 0, unlocked.ToString());
        Assert.Equal(TestArchives.Sri(two), LockFile.Load(env.LockFile).Find("pinned", "any")!.SourceHash);
        Assert.Equal("two", env.InShell("bash", "pinned").Output.Trim());
    }

    [Fact]
    public void A_tool_item_with_its_own_version_wins_over_the_set()
    {
        using var env = new TestEnv(fixture);
        WriteSet(env.ExtraFeed, "Sets.Override", "1.0.0", """<ToolDefinition Include="hello" Package="Hello.Tool" Version="1.0.0" />""");
        WriteProject(env, """<Sdk Name="Sets.Override" Version="1.0.0" />""", """<Tool Include="hello" Package="Hello.Tool" Version="1.1.0" />""");

        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Equal("1.1.0", LockFile.Load(env.LockFile).Find("hello", "any")!.Version);
        Assert.Equal("hello-dotnet 1.1.0 []", env.InShell("bash", "hello-dotnet").Output.Trim());
    }

    [Fact]
    public void An_unknown_tool_name_is_ENV0050_listing_what_the_set_defines_and_nothing_is_written()
    {
        using var env = new TestEnv(fixture);
        WriteSet(env.ExtraFeed, "Sets.Unknown", "1.0.0", """
            <ToolDefinition Include="hello" Package="Hello.Tool" Version="1.0.0" />
            <ToolDefinition Include="native" Package="Native.Hello" Version="2.0.0" Bin="tools/linux_x64/native-hello" />
            """);
        WriteProject(env, """<Sdk Name="Sets.Unknown" Version="1.0.0" />""", """<Tool Include="protoc" />""");

        var build = env.Build();
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error ENV0050", build.Output);
        Assert.Contains("sets.unknown defines: hello, native.", build.Output);
        Assert.False(File.Exists(env.LockFile));
        Assert.Empty(TestEnv.Snapshot(env.StoreDir));

        // What IDEs run on every load evaluates the set and does nothing with it: no error, nothing written.
        var designTime = ProcessRunner.Run("dotnet", ["msbuild", env.ProjectFile, "-nr:false", "-p:DesignTimeBuild=true", "-t:Build"], env.ProjectDir, env.Environment());
        Assert.True(designTime.ExitCode == 0, designTime.ToString());
        Assert.False(File.Exists(env.LockFile));
    }

    [Fact]
    public void Two_sets_defining_one_name_need_the_env_to_name_one()
    {
        using var env = new TestEnv(fixture);
        WriteSet(env.ExtraFeed, "Sets.First", "1.0.0", """<ToolDefinition Include="hello" Package="Hello.Tool" Version="1.0.0" />""");
        WriteSet(env.ExtraFeed, "Sets.Second", "1.0.0", """
            <ToolDefinition Include="hello" Package="Hello.Tool" Version="1.1.0" />
            <ToolDefinition Include="native" Package="Native.Hello" Version="2.0.0" Rid="linux-x64" Bin="tools/linux_x64/native-hello" />
            """);
        const string sets = """<Sdk Name="Sets.First" Version="1.0.0" /><Sdk Name="Sets.Second" Version="1.0.0" />""";
        WriteProject(env, sets, """<Tool Include="hello" /><Tool Include="native" />""");

        var ambiguous = env.Build();
        Assert.NotEqual(0, ambiguous.ExitCode);
        Assert.Contains("error ENV0051", ambiguous.Output);
        Assert.Contains("sets.first", ambiguous.Output);
        Assert.Contains("sets.second", ambiguous.Output);
        Assert.False(File.Exists(env.LockFile));

        WriteProject(env, sets, """<Tool Include="hello" ToolSet="Sets.Second" /><Tool Include="native" />""");
        var named = env.Build();
        Assert.True(named.ExitCode == 0, named.ToString());
        Assert.Equal("1.1.0", LockFile.Load(env.LockFile).Find("hello", "any")!.Version);
        var run = env.InShell("bash", "hello-dotnet; native-hello x");
        Assert.Equal("hello-dotnet 1.1.0 []\nnative-hello x", run.Output.Trim());
    }

    [Fact]
    public void A_set_file_imported_by_path_is_a_set_named_for_the_file()
    {
        using var env = new TestEnv(fixture);
        Directory.CreateDirectory(Path.Combine(env.ProjectDir, "sets"));
        File.WriteAllText(Path.Combine(env.ProjectDir, "sets", "team.props"), """
            <Project>
              <ItemGroup>
                <ToolDefinition Include="hello" Package="Hello.Tool" Version="1.1.0" />
              </ItemGroup>
            </Project>
            """);
        WriteProject(env, """<Import Project="sets/team.props" />""", """<Tool Include="hello" ToolSet="team" />""");

        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Equal("hello-dotnet 1.1.0 []", env.InShell("bash", "hello-dotnet").Output.Trim());
    }

    [Fact]
    public void A_set_that_needs_msbuild_to_be_read_is_refused_by_the_build_as_by_dotnet_env_run()
    {
        using var env = new TestEnv(fixture);
        WriteSet(env.ExtraFeed, "Sets.Conditional", "1.0.0", """<ToolDefinition Include="hello" Package="Hello.Tool" Version="1.0.0" Condition="'$(OS)' != ''" />""");
        WriteProject(env, """<Sdk Name="Sets.Conditional" Version="1.0.0" />""", """<Tool Include="hello" />""");

        var build = env.Build();
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error ENV0442", build.Output);
        Assert.Contains(Path.Combine("sets.conditional", "1.0.0", "Sdk", "Sdk.props"), build.Output);
        Assert.False(File.Exists(env.LockFile));
    }

    [Fact]
    public void Env_proj_may_not_change_a_sets_definitions_it_overrides_with_a_tool_item()
    {
        using var env = new TestEnv(fixture);
        WriteSet(env.ExtraFeed, "Sets.Updated", "1.0.0", """<ToolDefinition Include="hello" Package="Hello.Tool" Version="1.0.0" />""");
        WriteProject(env, """<Sdk Name="Sets.Updated" Version="1.0.0" />""", """<ToolDefinition Update="hello" Version="1.1.0" /><Tool Include="hello" />""");

        var build = env.Build();
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error ENV0444", build.Output);
        Assert.False(File.Exists(env.LockFile));
    }

    [Fact]
    public void The_sample_set_packs_and_msbuild_and_the_reader_see_the_same_definitions()
    {
        using var env = new TestEnv(fixture);
        var pack = ProcessRunner.Run("dotnet", ["pack", Path.Combine(Repo.Root, "samples", "toolset"), "-c", "Release", "-o", env.ExtraFeed, "-nr:false", "-v:q",
                "-p:BaseIntermediateOutputPath=" + Path.Combine(env.Root, "sample-obj") + "/", "-p:BaseOutputPath=" + Path.Combine(env.Root, "sample-bin") + "/"],
            Repo.Root, env.Environment());
        Assert.True(pack.ExitCode == 0, pack.ToString());
        Assert.True(File.Exists(Path.Combine(env.ExtraFeed, "Contoso.Tools.1.0.0.nupkg")), pack.ToString());
        WriteProject(env, """<Sdk Name="Contoso.Tools" Version="1.0.0" />""", """<Tool Include="protoc" />""");

        var items = ProcessRunner.Run("dotnet", ["msbuild", env.ProjectFile, "-nr:false", "-getItem:ToolDefinition"], env.ProjectDir, env.Environment());
        Assert.True(items.ExitCode == 0, items.ToString());
        var evaluated = JsonDocument.Parse(items.Output[items.Output.IndexOf('{')..]).RootElement.GetProperty("Items").GetProperty("ToolDefinition").EnumerateArray().ToList();

        var setFile = Path.Combine(fixture.NuGetPackages, "contoso.tools", "1.0.0", "Sdk", "Sdk.props");
        var literal = ToolSetFile.ReadItems(setFile);
        Assert.Equal(literal.Count, evaluated.Count);
        for (var i = 0; i < literal.Count; i++)
        {
            Assert.Equal(literal[i].Name, evaluated[i].GetProperty("Identity").GetString());
            Assert.Equal(setFile, evaluated[i].GetProperty("DefiningProjectFullPath").GetString());
            foreach (var (key, value) in literal[i].Metadata)
                Assert.Equal(value, evaluated[i].GetProperty(key).GetString());
        }
        Assert.Equal(["csharpier", "protoc", "ripgrep"], ToolSetPackage.Read(Path.GetDirectoryName(Path.GetDirectoryName(setFile))!).ToolNames);
    }

    private static void WriteProject(TestEnv env, string sdks, string items) =>
        File.WriteAllText(env.ProjectFile, $"""
            <Project Sdk="Env.Sdk/{Repo.SdkVersion}">
              {sdks}
              <ItemGroup>
                {items}
              </ItemGroup>
            </Project>
            """);

    /// <summary>A tool set package as `dotnet pack` of samples/toolset makes one: Sdk/Sdk.props of the items, an empty Sdk.targets.</summary>
    internal static void WriteSet(string feed, string id, string version, string items) =>
        TestPackages.Write(feed, id, version, "a tool set", "MSBuildSdk", new Dictionary<string, string>
        {
            ["Sdk/Sdk.props"] = $"""
                <Project>
                  <ItemGroup>
                    {items}
                  </ItemGroup>
                </Project>
                """,
            ["Sdk/Sdk.targets"] = "<Project />",
        });
}
