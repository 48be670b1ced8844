using Env.Core.Locking;

namespace Env.Sdk.Tests;

/// <summary>
/// <c>dotnet env update</c> end to end: the installed dotnet-env asks the feeds, edits env.proj keeping every other byte,
/// runs the real build that rewrites the lock, and a locked build (<c>CI=true</c>) then passes; nothing to do writes
/// nothing; a failed build leaves env.proj and the lock as they were.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class UpdateCommandTests(SdkFixture fixture)
{
    private static readonly Dictionary<string, string?> Ci = new() { ["CI"] = "true" };

    private static SplitResult DotnetEnv(TestEnv env, params string[] args) => env.DotnetEnv([.. args, "-v", "q"]);

    /// <summary>Hello.Tool 1.2.0 appears on the env's feeds.</summary>
    private void Publish120(TestEnv env)
    {
        var later = Directory.GetFiles(fixture.LaterFeed, "*.nupkg").Single();
        File.Copy(later, Path.Combine(env.ExtraFeed, Path.GetFileName(later)));
    }

    private const string Project = """
        <Project Sdk="Env.Sdk/{0}">
          <!-- the team's tools -->
          <ItemGroup>
            <Tool Version='1.0.0'
                  Include='hello' Package='Hello.Tool' />
            <EnvVar Include="GREETING" Value="hi" />
          </ItemGroup>
        </Project>

        """;

    [Fact]
    public void An_exact_pin_moves_to_the_newest_version_and_a_locked_build_then_passes_and_a_second_run_writes_nothing()
    {
        using var env = new TestEnv(fixture);
        var text = Project.Replace("{0}", Repo.SdkVersion);
        File.WriteAllText(env.ProjectFile, text);
        Assert.Equal(0, env.Build().ExitCode);
        Publish120(env);

        var dry = DotnetEnv(env, "update", "--dry-run");
        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Matches(@"hello\s+1\.0\.0 → 1\.2\.0", dry.Stdout);
        Assert.Equal(text, File.ReadAllText(env.ProjectFile));

        var update = DotnetEnv(env, "update");
        Assert.True(update.ExitCode == 0, update.ToString());
        Assert.Matches(@"hello\s+1\.0\.0 → 1\.2\.0", update.Stdout);
        Assert.Equal(text.Replace("Version='1.0.0'", "Version='1.2.0'"), File.ReadAllText(env.ProjectFile));
        Assert.Equal("1.2.0", LockFile.Load(env.LockFile).Find("hello", "any")!.Version);
        Assert.Equal("hello-dotnet 1.2.0 [x]", env.InShell("bash", "hello-dotnet x").Output.Trim());

        var locked = env.Build(Ci);
        Assert.True(locked.ExitCode == 0, locked.ToString());

        var files = TestEnv.Snapshot(env.ProjectDir);
        var again = DotnetEnv(env, "update");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("nothing to update", again.Stdout);
        Assert.Equal(files, TestEnv.Snapshot(env.ProjectDir));
    }

    [Fact]
    public void A_floating_version_stays_as_written_and_only_the_lock_moves()
    {
        using var env = new TestEnv(fixture);
        env.WriteProject("""    <Tool Include="hello" Package="Hello.Tool" Version="1.*" />""");
        Assert.Equal(0, env.Build().ExitCode);
        Assert.Equal("1.1.0", LockFile.Load(env.LockFile).Find("hello", "any")!.Version);
        var text = File.ReadAllText(env.ProjectFile);
        Publish120(env);

        var update = DotnetEnv(env, "update", "hello");
        Assert.True(update.ExitCode == 0, update.ToString());
        Assert.Matches(@"hello\s+1\.1\.0 → 1\.2\.0\s+\(Version=""1\.\*"" stays; env\.lock\.json only\)", update.Stdout);
        Assert.Equal(text, File.ReadAllText(env.ProjectFile));
        Assert.Equal("1.2.0", LockFile.Load(env.LockFile).Find("hello", "any")!.Version);
        Assert.True(env.Build(Ci).ExitCode == 0);
    }

    [Fact]
    public void A_lock_behind_a_bots_edit_is_rewritten_for_every_platform_so_a_locked_build_on_another_passes()
    {
        using var env = new TestEnv(fixture);
        // A RID-specific tool whose lock a bot's edit left behind (here: none yet).
        env.WriteProject("""    <Tool Include="rid" Package="Rid.Tool" Version="1.0.0" />""", "<EnvLockRuntimeIdentifiers>linux-x64;osx-arm64</EnvLockRuntimeIdentifiers>");

        var update = DotnetEnv(env, "update", "rid");
        Assert.True(update.ExitCode == 0, update.ToString());
        Assert.Contains("env.lock.json only; env.lock.json did not pin it yet", update.Stdout);
        Assert.Equal(["linux-x64", "osx-arm64"], LockFile.Load(env.LockFile).Find("rid", "any")!.RuntimePackages!.Keys);

        var mac = env.Build(Ci, "-p:EnvRuntimeIdentifier=osx-arm64", "-t:Restore");
        Assert.True(mac.ExitCode == 0, mac.ToString());
    }

    [Fact]
    public void An_archive_is_skipped_with_the_reason_and_a_failed_build_puts_env_proj_and_the_lock_back()
    {
        using var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "dl"), "greet-1.0.tar.gz", "greet", "hi");
        env.WriteProject($"""
                <Tool Include="hello" Package="Hello.Tool" Version="1.1.0" />
                <Tool Include="greet" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" />
            """);
        Assert.Equal(0, env.Build().ExitCode);

        var nothing = DotnetEnv(env, "update");
        Assert.True(nothing.ExitCode == 0, nothing.ToString());
        Assert.Contains("greet: skipped: a download pinned by Url and Hash", nothing.Stdout);
        Assert.Contains("nothing to update", nothing.Stdout);

        // Hello.Tool 1.3.0 is on the feed but is no .NET tool: only the build finds out.
        TestPackages.Write(env.ExtraFeed, "Hello.Tool", "1.3.0", "broken", null, new Dictionary<string, string> { ["readme.txt"] = "no tool here" });
        var projectBytes = File.ReadAllBytes(env.ProjectFile);
        var lockBytes = File.ReadAllBytes(env.LockFile);

        var failed = DotnetEnv(env, "update");
        Assert.NotEqual(0, failed.ExitCode);
        Assert.Matches(@"hello\s+1\.1\.0 → 1\.3\.0", failed.Stdout);
        Assert.Contains("were put back as they were", failed.Stderr);
        Assert.Equal(projectBytes, File.ReadAllBytes(env.ProjectFile));
        Assert.Equal(lockBytes, File.ReadAllBytes(env.LockFile));
        Assert.Equal("hello-dotnet 1.1.0 [x]", env.InShell("bash", "hello-dotnet x").Output.Trim());

        var unknown = DotnetEnv(env, "update", "nope");
        Assert.Equal(1, unknown.ExitCode);
        Assert.StartsWith("ENV0723: ", unknown.Stderr);
    }
}
