using Env.Core.Locking;

namespace Env.Sdk.Tests;

/// <summary>
/// One lock per home configuration (issue 18): a repository with homes/j@lenny.props and homes/j.props keeps
/// homes/j@lenny.lock.json and homes/j.lock.json; building one never rewrites the other's; locked mode holds for each; a
/// repository's env.lock.json from before seeds each configuration's first lock; and dotnet env reads the lock of the
/// configuration it chooses.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class HomeLockPerConfigurationTests(SdkFixture fixture)
{
    private static readonly Dictionary<string, string?> OnLenny = new() { ["EnvUser"] = "j", ["EnvHost"] = "lenny", ["USER"] = "j" };

    private static TestEnv TwoConfigurations(SdkFixture fixture, out string greet, out string hello)
    {
        var env = new TestEnv(fixture);
        greet = TestArchives.TarGzTool(Path.Combine(env.Root, "dl"), "greet-1.0.tar.gz", "greet", "hi");
        hello = TestArchives.TarGzTool(Path.Combine(env.Root, "dl"), "hello-2.0.tar.gz", "hello", "hello");
        var homes = Path.Combine(env.ProjectDir, "homes");
        Directory.CreateDirectory(homes);
        File.WriteAllText(Path.Combine(homes, "j.props"), "<Project />");
        File.WriteAllText(Path.Combine(homes, "j@lenny.props"), $"""
            <Project>
              <ItemGroup>{ToolItem("hello", "2.0", hello)}</ItemGroup>
            </Project>
            """);
        env.WriteProject(ToolItem("greet", "1.0", greet), "<EnvKind>Home</EnvKind>");
        return env;
    }

    private static string ToolItem(string name, string version, string archive) =>
        $"""<Tool Include="{name}" Version="{version}" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" />""";

    private static string LockOf(TestEnv env, string configuration) => Path.Combine(env.ProjectDir, "homes", configuration + ".lock.json");

    private static IReadOnlyList<string> ToolsIn(string lockPath) => LockFile.Load(lockPath).Tools.Keys.ToList();

    [Fact]
    public void Each_configuration_keeps_its_own_lock_and_building_one_never_rewrites_another()
    {
        using var env = TwoConfigurations(fixture, out _, out _);

        var lenny = env.Build(OnLenny);
        Assert.True(lenny.ExitCode == 0, lenny.ToString());
        Assert.Equal(["greet", "hello"], ToolsIn(LockOf(env, "j@lenny")));
        Assert.False(File.Exists(env.LockFile), "a repository of configurations has no env.lock.json of its own");
        Assert.False(File.Exists(LockOf(env, "j")));
        var lennyLock = File.ReadAllBytes(LockOf(env, "j@lenny"));
        var lennyTime = File.GetLastWriteTimeUtc(LockOf(env, "j@lenny"));

        var j = env.Build(OnLenny, "-p:HomeConfiguration=j");
        Assert.True(j.ExitCode == 0, j.ToString());
        Assert.Equal(["greet"], ToolsIn(LockOf(env, "j")));
        Assert.Equal(lennyLock, File.ReadAllBytes(LockOf(env, "j@lenny")));
        Assert.Equal(lennyTime, File.GetLastWriteTimeUtc(LockOf(env, "j@lenny")));
        // What the build and dotnet env agree on: the build's EnvLockFile is LockFileLocation's.
        var property = ProcessRunner.Run("dotnet", ["msbuild", env.ProjectFile, "-nr:false", "-getProperty:EnvLockFile", "-p:HomeConfiguration=j"], env.ProjectDir, env.Environment(OnLenny));
        Assert.Equal(LockFileLocation.For(env.ProjectDir, "j"), property.Output.Trim());
        Assert.Equal([LockOf(env, "j"), LockOf(env, "j@lenny")], LockFileLocation.All(env.ProjectDir));

        // Locked mode (CI) holds for each configuration against its own lock.
        foreach (var config in new[] { "j", "j@lenny" })
        {
            var locked = env.Build(OnLenny, $"-p:HomeConfiguration={config}", "-p:EnvLockedMode=true", "-t:Rebuild");
            Assert.True(locked.ExitCode == 0, locked.ToString());
        }
        // A tool added to j alone: j's locked build names j's lock; j@lenny's still passes, its lock untouched.
        File.WriteAllText(Path.Combine(env.ProjectDir, "homes", "j.props"), $"""
            <Project>
              <ItemGroup>{ToolItem("hello", "2.0", Path.Combine(env.Root, "dl", "hello-2.0.tar.gz"))}</ItemGroup>
            </Project>
            """);
        var stale = env.Build(OnLenny, "-p:HomeConfiguration=j", "-p:EnvLockedMode=true");
        Assert.NotEqual(0, stale.ExitCode);
        Assert.Contains("error ENV0503: Locked mode: env.proj and j.lock.json disagree: 'hello' (any) is not in the lock", stale.Output);
        var stillLocked = env.Build(OnLenny, "-p:EnvLockedMode=true");
        Assert.True(stillLocked.ExitCode == 0, stillLocked.ToString());
        Assert.Equal(lennyLock, File.ReadAllBytes(LockOf(env, "j@lenny")));
    }

    [Fact]
    public void A_repository_lock_from_before_seeds_each_configuration_and_locked_mode_reads_it_until_then()
    {
        using var env = TwoConfigurations(fixture, out _, out _);
        var built = env.Build(OnLenny);
        Assert.True(built.ExitCode == 0, built.ToString());
        // The one lock of a repository from before locks were kept per configuration.
        File.Move(LockOf(env, "j@lenny"), env.LockFile);
        var seed = File.ReadAllBytes(env.LockFile);
        env.ForgetRestore();

        // Locked mode reads the seed as the configuration's lock and writes nothing.
        var locked = env.Build(OnLenny, "-p:EnvLockedMode=true");
        Assert.True(locked.ExitCode == 0, locked.ToString());
        Assert.False(File.Exists(LockOf(env, "j@lenny")));
        // A locked build of a configuration the seed does not fit says which file it read.
        var lockedJ = env.Build(OnLenny, "-p:HomeConfiguration=j", "-p:EnvLockedMode=true");
        Assert.NotEqual(0, lockedJ.ExitCode);
        Assert.Contains("error ENV0503: Locked mode: env.proj and env.lock.json disagree: the lock has 'hello' (any), which env.proj no longer declares", lockedJ.Output);

        // A build writes the configuration's own lock from the seed (its own tools only); the seed stays as it was.
        var j = env.Build(OnLenny, "-p:HomeConfiguration=j");
        Assert.True(j.ExitCode == 0, j.ToString());
        Assert.Equal(["greet"], ToolsIn(LockOf(env, "j")));
        Assert.Equal(LockFile.Load(env.LockFile).Find("greet", "any")!.NarHash, LockFile.Load(LockOf(env, "j")).Find("greet", "any")!.NarHash);
        var lenny = env.Build(OnLenny);
        Assert.True(lenny.ExitCode == 0, lenny.ToString());
        Assert.Equal(seed, File.ReadAllBytes(LockOf(env, "j@lenny")));
        Assert.Equal(seed, File.ReadAllBytes(env.LockFile));
    }

    [Fact]
    public void Dotnet_env_reads_the_lock_of_the_configuration_it_chooses()
    {
        using var env = TwoConfigurations(fixture, out _, out _);
        foreach (var config in new[] { "j", "j@lenny" })
        {
            var build = env.DotnetEnv(["build", "--config", config], extraEnv: OnLenny);
            Assert.True(build.ExitCode == 0, build.ToString());
        }
        // mirror export writes every archive the chosen configuration's lock names: greet for j, greet and hello for j@lenny.
        var asJ = env.DotnetEnv(["mirror", "export", Path.Combine(env.Root, "mirror-j")], extraEnv: new Dictionary<string, string?> { ["USER"] = "j" });
        Assert.True(asJ.ExitCode == 0, asJ.ToString());
        Assert.Single(Directory.GetFiles(Path.Combine(env.Root, "mirror-j", "sha256")));
    }
}
