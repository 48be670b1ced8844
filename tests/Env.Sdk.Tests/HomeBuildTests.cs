using Env.Core.Home;
using Env.Core.Shell;

namespace Env.Sdk.Tests;

/// <summary>
/// The build side of home environments (issue 8): `dotnet build` of a home env.proj makes a generation's store entry from
/// its HomeFile, HomeActivation, EnvVar and Tool items, links it as .envsdk/result, and changes nothing in $HOME.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class HomeBuildTests(SdkFixture fixture)
{
    private static readonly Dictionary<string, string?> Machine = new() { ["EnvUser"] = "j", ["EnvHost"] = "lenny" };

    private static string Result(TestEnv env) => Path.Combine(env.ShellDir, ShellFolder.Result);

    private static string EntryOf(TestEnv env) => new FileInfo(Result(env)).LinkTarget ?? throw new InvalidOperationException("no result link");

    private TestEnv HomeEnv(string extraItems = "")
    {
        var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "dl"), "greet-1.0.tar.gz", "greet", "hi");
        Directory.CreateDirectory(Path.Combine(env.ProjectDir, "homes"));
        File.WriteAllText(Path.Combine(env.ProjectDir, "homes", "j.props"), """
            <Project>
              <ItemGroup><EnvVar Include="EDITOR" Value="nvim" /></ItemGroup>
            </Project>
            """);
        Directory.CreateDirectory(Path.Combine(env.ProjectDir, "dotfiles", "nvim", "lua"));
        File.WriteAllText(Path.Combine(env.ProjectDir, "dotfiles", "gitconfig"), "[user]\n\tname = j\n");
        File.WriteAllText(Path.Combine(env.ProjectDir, "dotfiles", "nvim", "init.lua"), "require('a')\n");
        File.WriteAllText(Path.Combine(env.ProjectDir, "dotfiles", "nvim", "lua", "a.lua"), "return 1\n");
        env.WriteProject($"""
            <Tool Include="greet" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" />
            <HomeFile Include=".config/git/config" Source="dotfiles/gitconfig" />
            <HomeFile Include=".config/nvim" Source="dotfiles/nvim/" Mode="Copy" />
            <HomeFile Include=".local/bin/hello" Text="#!/bin/sh&#10;echo hello" Executable="true" />
            <HomeActivation Include="fonts" Command="fc-cache -f" />
            <HomeActivation Include="after" Command="echo done" />
            <EnvVar Include="MANPATH" Prepend="$(EnvProfileDir)/share/man" />
            {extraItems}
            """, "<EnvKind>Home</EnvKind>");
        return env;
    }

    private static void AssertBuilds(TestEnv env, params string[] args)
    {
        var build = env.Build(Machine, args);
        Assert.True(build.ExitCode == 0, build.ToString());
    }

    [Fact]
    public void A_build_links_result_to_a_generation_holding_the_files_the_profile_and_the_manifest_and_leaves_home_alone()
    {
        using var env = HomeEnv();
        var homeBefore = TestEnv.Snapshot(env.Home);
        var build = env.Build(Machine);
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("-> " + Result(env), build.Output);

        var entry = EntryOf(env);
        Assert.StartsWith(env.StoreDir + "/", entry);
        // Named for the configuration, not the checkout's folder (repo): the same commit is the same entry in any clone.
        Assert.EndsWith("-j" + HomeGeneration.EntrySuffix, entry);
        Assert.Equal("[user]\n\tname = j\n", File.ReadAllText(HomeGeneration.FilePath(entry, ".config/git/config")));
        Assert.Equal("return 1\n", File.ReadAllText(HomeGeneration.FilePath(entry, ".config/nvim/lua/a.lua")));
        Assert.Equal("#!/bin/sh\necho hello", File.ReadAllText(HomeGeneration.FilePath(entry, ".local/bin/hello")));
        Assert.True((File.GetUnixFileMode(HomeGeneration.FilePath(entry, ".local/bin/hello")) & UnixFileMode.UserExecute) != 0);
        Assert.True(File.Exists(Path.Combine(entry, "profile", "bin", "greet")), "profile/bin reaches the tools");
        Assert.Equal(new FileInfo(Path.Combine(env.ShellDir, "profile")).LinkTarget + "/bin", new FileInfo(Path.Combine(entry, "profile", "bin")).LinkTarget);

        var manifest = HomeManifest.Load(entry);
        Assert.Equal("j", manifest.Name);
        Assert.Equal("j", manifest.Configuration);
        Assert.Equal([".config/git/config", ".config/nvim/init.lua", ".config/nvim/lua/a.lua", ".local/bin/hello"], manifest.Files.Select(f => f.Path));
        Assert.All(manifest.Files.Where(f => f.Path.StartsWith(".config/nvim/", StringComparison.Ordinal)), f => Assert.Equal(HomeFileMode.Copy, f.Mode));
        Assert.Equal(HomeFileMode.Link, manifest.Files[0].Mode);
        Assert.Equal([new HomeActivationEntry("fonts", "fc-cache -f"), new HomeActivationEntry("after", "echo done")], manifest.Activations);
        Assert.Contains(manifest.Variables, v => v.Name == "EDITOR" && v.Value == "nvim");
        Assert.Contains(manifest.Variables, v => v.Name == "MANPATH" && v.Value == Path.Combine(env.StateDir, "home", "profile") + "/share/man");
        Assert.DoesNotContain(env.ProjectDir, File.ReadAllText(Path.Combine(entry, HomeGeneration.ManifestFile)));

        // Nothing of the generation is in the home folder: putting it there is a switch's work.
        Assert.False(Directory.Exists(Path.Combine(env.Home, ".config")));
        Assert.False(Directory.Exists(Path.Combine(env.Home, ".local", "bin")));
        Assert.False(Directory.Exists(Path.Combine(env.StateDir, "home")));
        var changedInHome = TestEnv.Snapshot(env.Home).Where(kv => !homeBefore.TryGetValue(kv.Key, out var v) || v != kv.Value)
            .Select(kv => kv.Key).Where(k => !k.StartsWith(".dotnet", StringComparison.Ordinal) && !k.StartsWith(".nuget", StringComparison.Ordinal) && !k.StartsWith(".local/share/NuGet", StringComparison.Ordinal) && k != ".local" && k != ".local/share").ToList();
        Assert.Empty(changedInHome);

        // Registered as a root, so collecting the store keeps it; clean removes the link.
        Assert.Contains(Directory.GetFileSystemEntries(Path.Combine(env.StoreDir, ".roots")), r => new FileInfo(r).LinkTarget == Result(env));
        var clean = env.Build(Machine, "-t:Clean");
        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.False(File.Exists(Result(env)) || Directory.Exists(Result(env)));
        Assert.True(Directory.Exists(entry), "store entries stay");
    }

    [Fact]
    public void An_edited_or_added_dotfile_makes_the_env_stale_for_dotnet_env_and_rebuilds_and_a_no_op_build_runs_no_task()
    {
        using var env = HomeEnv();
        AssertBuilds(env);
        var first = EntryOf(env);
        var envJson = Path.Combine(env.ShellDir, ShellFolder.EnvJson);
        Assert.Null(EnvManifest.TryLoad(envJson)!.Staleness());

        var noop = env.Build(Machine, "-v:n");
        Assert.True(noop.ExitCode == 0, noop.ToString());
        Assert.Contains("Skipping target \"_EnvGenerateShell\"", noop.Output);
        Assert.Contains("Skipping target \"_EnvRestore\"", noop.Output);
        Assert.Equal(first, EntryOf(env));

        File.WriteAllText(Path.Combine(env.ProjectDir, "dotfiles", "gitconfig"), "[user]\n\tname = jj\n");
        Assert.Contains("gitconfig changed", EnvManifest.TryLoad(envJson)!.Staleness());
        AssertBuilds(env);
        var second = EntryOf(env);
        Assert.NotEqual(first, second);
        Assert.Equal("[user]\n\tname = jj\n", File.ReadAllText(HomeGeneration.FilePath(second, ".config/git/config")));
        Assert.Null(EnvManifest.TryLoad(envJson)!.Staleness());

        // A file older than the last build, moved into a source folder (as a checkout or `mv` may leave it).
        var added = Path.Combine(env.ProjectDir, "dotfiles", "nvim", "lua", "b.lua");
        File.WriteAllText(added, "return 2\n");
        File.SetLastWriteTimeUtc(added, new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.Contains("lua/", EnvManifest.TryLoad(envJson)!.Staleness());
        var stale = env.DotnetEnv(["print", "--no-build"], extraEnv: Machine);
        Assert.True(stale.ExitCode != 0 && stale.Stderr.Contains("ENV0704"), stale.ToString());
        AssertBuilds(env);
        var third = EntryOf(env);
        Assert.Equal("return 2\n", File.ReadAllText(HomeGeneration.FilePath(third, ".config/nvim/lua/b.lua")));

        // Back to the listing of before: built again (the old listing's stamp was forgotten), the same entry as then.
        File.Delete(added);
        AssertBuilds(env);
        Assert.Equal(second, EntryOf(env));
        Assert.Single(Directory.GetFiles(env.ShellDir, ".build-*.stamp"));
    }

    [Fact]
    public void A_generation_gone_from_the_store_is_built_again()
    {
        using var env = HomeEnv();
        AssertBuilds(env);
        var entry = EntryOf(env);
        Env.Core.Tests.TempDir.ForceDelete(entry);
        var stale = env.DotnetEnv(["print", "--no-build"], extraEnv: Machine);
        Assert.True(stale.ExitCode != 0 && stale.Stderr.Contains("generation is missing"), stale.ToString());
        AssertBuilds(env);
        Assert.Equal(entry, EntryOf(env));
        Assert.True(File.Exists(Path.Combine(entry, HomeGeneration.ManifestFile)));
    }

    [Fact]
    public void Hostile_sources_are_refused_before_anything_is_written()
    {
        foreach (var (item, code) in new[]
                 {
                     ("""<HomeFile Include=".x" Source="dotfiles/passwd" />""", "ENV0044"),
                     ("""<HomeFile Include=".y" Source="dotfiles/" />""", "ENV0044"),
                     ("""<HomeFile Include=".z" Source="../outside" />""", "ENV0044"),
                     ("""<HomeFile Include="../escape" Text="x" />""", "ENV0042"),
                     ("""<HomeFile Include=".config/git/config" Text="x" />""", "ENV0045"),
                     ("""<HomeFile Include=".w" Source="dotfiles/gitconfig" Text="x" />""", "ENV0043"),
                     ("""<HomeActivation Include="bad name" Command="x" />""", "ENV0047"),
                     ("""<HomeFile Include=".config/*" Source="dotfiles/gitconfig" />""", "ENV0049"),
                 })
        {
            using var env = HomeEnv(item);
            File.CreateSymbolicLink(Path.Combine(env.ProjectDir, "dotfiles", "passwd"), "/etc/passwd");
            File.WriteAllText(Path.Combine(env.Root, "outside"), "secret");
            var build = env.Build(Machine);
            Assert.True(build.ExitCode != 0, build.ToString());
            Assert.Contains($"error {code}", build.Output);
            Assert.Contains(env.ProjectFile, build.Output);
            // Refused in the restore phase already: not even the lock was written.
            Assert.False(Directory.Exists(env.ShellDir), $"{code}: the shell folder was written");
            Assert.False(File.Exists(env.LockFile), $"{code}: the lock was written");
            Assert.False(Directory.Exists(env.StoreDir) && Directory.EnumerateDirectories(env.StoreDir, "*-home").Any(), $"{code}: a generation was added");
        }
    }

    [Fact]
    public void A_file_of_the_users_at_result_is_refused_before_the_lock_is_written()
    {
        using var env = HomeEnv();
        Directory.CreateDirectory(env.ShellDir);
        File.WriteAllText(Result(env), "mine");
        var build = env.Build(Machine);
        Assert.Contains("error ENV0606", build.Output);
        Assert.Equal("mine", File.ReadAllText(Result(env)));
        Assert.False(File.Exists(env.LockFile));
    }

    [Fact]
    public void Home_items_in_an_env_that_is_not_a_home_are_ENV0048()
    {
        using var env = HomeEnv();
        env.WriteProject("""<HomeFile Include=".x" Text="x" />""");
        var build = env.Build(Machine);
        Assert.Contains("error ENV0048", build.Output);
    }

    /// <summary>What a switch will do (the fixed link to the current generation's profile/), done by hand to source the session.</summary>
    private static TestEnv SwitchedByHand(TestEnv env)
    {
        AssertBuilds(env);
        var home = Path.Combine(env.StateDir, "home");
        Directory.CreateDirectory(home);
        File.CreateSymbolicLink(Path.Combine(home, "profile"), Path.Combine(EntryOf(env), "profile"));
        return env;
    }

    private static Dictionary<string, string?> ShellEnvironment(TestEnv env)
    {
        var environment = env.Environment(new Dictionary<string, string?> { ["PATH"] = "/usr/local/bin:/usr/bin:/bin", ["MANPATH"] = null, ["EDITOR"] = null });
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host) environment["DOTNET_ROOT"] = Path.GetDirectoryName(host);
        return environment;
    }

    private static void AssertSession(TestEnv env, ProcessResult run)
    {
        Assert.True(run.ExitCode == 0, run.ToString());
        var bin = Path.Combine(env.StateDir, "home", "profile", "bin");
        var lines = run.Output.Trim().Split('\n');
        Assert.Equal(Path.Combine(bin, "greet"), lines[0]);
        Assert.Equal(bin + ":/usr/local/bin:/usr/bin:/bin", lines[1]);
        Assert.Equal(Path.Combine(env.StateDir, "home", "profile") + "/share/man", lines[2]);
        Assert.Equal("nvim", lines[3]);
    }

    [Theory]
    [InlineData("bash")]
    [InlineData("dash")]
    [InlineData("zsh")]
    public void The_session_sourced_twice_in_a_POSIX_shell_gives_PATH_and_variables_once(string shell)
    {
        using var env = SwitchedByHand(HomeEnv());
        var session = Path.Combine(env.StateDir, "home", "profile", "env.sh");
        var run = ProcessRunner.Run(shell, ["-c", $". '{session}'\n{shell} -c \". '{session}'; command -v greet; echo \\\"\\$PATH\\\"; echo \\\"\\$MANPATH\\\"; echo \\\"\\$EDITOR\\\"\""], env.ProjectDir, ShellEnvironment(env));
        AssertSession(env, run);
    }

    [Fact]
    public void The_session_sourced_twice_in_fish_gives_PATH_and_variables_once()
    {
        using var env = SwitchedByHand(HomeEnv());
        var session = Path.Combine(env.StateDir, "home", "profile", "env.fish");
        var run = ProcessRunner.Run("fish", ["--no-config", "-c", $"source '{session}'; source '{session}'; command -v greet; string join : $PATH; echo \"$MANPATH\"; echo $EDITOR"], env.ProjectDir, ShellEnvironment(env));
        AssertSession(env, run);
    }

    [Fact]
    public void The_session_sourced_twice_in_pwsh_gives_PATH_and_variables_once()
    {
        using var env = SwitchedByHand(HomeEnv());
        var session = Path.Combine(env.StateDir, "home", "profile", "env.ps1");
        var run = ProcessRunner.Run("pwsh", ["-NoProfile", "-NonInteractive", "-Command",
            $". '{session}'; . '{session}'; (Get-Command greet).Source; ($env:PATH -split ':' | Where-Object {{ $_ -notlike '*pwsh*' -and $_ -ne (Split-Path -Parent (Get-Command pwsh -CommandType Application | Select-Object -First 1).Source) -and $_ -notlike '*dotnet*' }}) -join ':'; $env:MANPATH; $env:EDITOR"], env.ProjectDir, ShellEnvironment(env));
        AssertSession(env, run);
    }
}
