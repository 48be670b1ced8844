using System.Text.Json;
using Env.Core.Locking;

namespace Env.Sdk.Tests;

/// <summary>
/// The Env.Templates package (templates/): `dotnet new homeenv` and `dotnet new devenv` from the package packed from
/// this checkout, installed in a private hive, instantiated with their parameters and built with the packed SDK, which
/// each finds through the global.json the template pinned to the version it ships with.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class TemplateTests(SdkFixture fixture)
{
    /// <summary>What the template engine replaces or the pack writes: none may survive into a new repository.</summary>
    private static readonly string[] Placeholders = ["HOME_USER", "HOME_CONFIGURATION", "ENVSDK_VERSION", "@EnvSdkVersion@", "#if", "#else", "#endif"];

    [Fact]
    public void Homeenv_is_a_home_repository_for_user_at_host_pinned_to_this_sdk_and_it_builds_without_touching_the_home()
    {
        using var env = new TestEnv(fixture);
        New(env, "homeenv", env.ProjectDir, null, "--user", "j", "--host", "lenny");

        Assert.Equal(Repo.SdkVersion, PinnedSdk(env.ProjectDir));
        var project = File.ReadAllText(env.ProjectFile);
        Assert.Contains("<Project Sdk=\"Env.Sdk\">", project);
        Assert.Contains("<EnvKind>Home</EnvKind>", project);
        Assert.Equal(["common.props", "j@lenny.props"], Directory.GetFiles(Path.Combine(env.ProjectDir, "homes")).Select(Path.GetFileName).Order());
        Assert.Contains("<Import Project=\"common.props\" />", File.ReadAllText(Path.Combine(env.ProjectDir, "homes", "j@lenny.props")));
        var common = File.ReadAllText(Path.Combine(env.ProjectDir, "homes", "common.props"));
        Assert.Contains("<EnvVar Include=\"EDITOR\" Value=\"vi\" />", common);
        Assert.Contains("<HomeFile Include=\".config/git/ignore\" Source=\"dotfiles/git-ignore\" />", common);
        Assert.True(File.Exists(Path.Combine(env.ProjectDir, "dotfiles", "git-ignore")));
        Assert.Equal(".envsdk/", File.ReadAllText(Path.Combine(env.ProjectDir, ".gitignore")).Trim());
        var readme = File.ReadAllText(Path.Combine(env.ProjectDir, "README.md"));
        foreach (var step in new[] { "dotnet env switch", "dotnet env rollback", "dotnet env generations", "`homes/j@lenny.props`", "`~/.bashrc`", $"pins Env.Sdk {Repo.SdkVersion}" })
            Assert.Contains(step, readme);
        AssertNoPlaceholders(env.ProjectDir);

        // The configuration for j on lenny is chosen, and it imports common.props.
        var build = env.Build(new Dictionary<string, string?> { ["EnvUser"] = "j", ["EnvHost"] = "lenny" });
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotContain(": error ", build.Output);
        Assert.Contains("EDITOR=vi", File.ReadAllLines(Path.Combine(env.ShellDir, ".env")).Select(l => l.Replace("'", "")));
        Assert.Contains(Path.Combine(env.ProjectDir, "homes", "j@lenny.props"), File.ReadAllText(Path.Combine(env.ShellDir, "env.json")));
        // A build makes a generation; only a switch changes the home.
        Assert.False(Directory.Exists(Path.Combine(env.Home, ".config")));

        // Switched into the (temporary) home: the dotfile is linked, and the session the README sources has the variable.
        var switched = env.DotnetEnv(["switch", "--config", "j@lenny"]);
        Assert.True(switched.ExitCode == 0, switched.ToString());
        Assert.Contains("Switched to new generation 1 (j@lenny)", switched.Stderr);
        var ignore = Path.Combine(env.Home, ".config", "git", "ignore");
        Assert.NotNull(new FileInfo(ignore).LinkTarget);
        Assert.Equal(File.ReadAllText(Path.Combine(env.ProjectDir, "dotfiles", "git-ignore")), File.ReadAllText(ignore));
        var session = ProcessRunner.Run("bash", ["-c", $". '{env.StateDir}/home/profile/env.sh'; echo \"$EDITOR\""], env.Home, env.Environment());
        Assert.Equal("vi\n", session.Output);
    }

    [Fact]
    public void Homeenv_user_is_USER_else_LOGNAME_else_USERNAME_else_me_and_never_a_path_out_of_homes()
    {
        using var env = new TestEnv(fixture);
        var count = 0;
        string? logName = null;
        string Configuration(string? user, string? userName, params string[] args)
        {
            var dir = Path.Combine(env.Root, "new" + count++, "repo");
            New(env, "homeenv", dir, new Dictionary<string, string?> { ["USER"] = user, ["LOGNAME"] = logName, ["USERNAME"] = userName }, args);
            AssertNoPlaceholders(dir);
            Assert.Equal([dir], Directory.GetFileSystemEntries(Path.GetDirectoryName(dir)!));
            return Assert.Single(Directory.GetFiles(Path.Combine(dir, "homes")), f => Path.GetFileName(f) != "common.props");
        }

        Assert.Equal("alice.props", Path.GetFileName(Configuration("alice", "bob")));
        // Windows has no USER; %USERNAME% is its user.
        Assert.Equal("bob.props", Path.GetFileName(Configuration(null, "bob")));
        var none = Configuration(null, null);
        Assert.Equal("me.props", Path.GetFileName(none));
        Assert.Contains("user me on any machine", File.ReadAllText(none));
        // The names become a file name in homes/: a '/' or a leading '.' would lead out of it (the SDK refuses such a
        // configuration name too, ENV0041).
        Assert.Equal("_._.._evil@_host.props", Path.GetFileName(Configuration("alice", null, "--user", "../../evil", "--host", ".host")));
        Assert.Equal("a_b.props", Path.GetFileName(Configuration("a/b", null)));
        // LOGNAME after USER, as dotnet env switch reads them (su and some containers set only LOGNAME).
        logName = "carol";
        Assert.Equal("alice.props", Path.GetFileName(Configuration("alice", "bob")));
        Assert.Equal("carol.props", Path.GetFileName(Configuration(null, "bob")));
    }

    /// <summary>The README's one line for each shell's startup file sources the home profile, wherever the state folder is.</summary>
    [Theory]
    [InlineData("bash", "`~/.bashrc`", "env.sh")]
    [InlineData("zsh", "`~/.zshrc`", "env.sh")]
    [InlineData("fish", "`~/.config/fish/config.fish`", "env.fish")]
    [InlineData("pwsh", "`$PROFILE`", "env.ps1")]
    public void Homeenv_readme_gives_the_startup_line_that_sources_the_home_profile_in_its_shell(string shell, string startupFile, string profileScript)
    {
        using var env = new TestEnv(fixture);
        var dir = Path.Combine(env.Root, "new");
        New(env, "homeenv", dir, null, "--user", "j", "--shell", shell);
        var readme = File.ReadAllText(Path.Combine(dir, "README.md"));
        Assert.Contains("add this one line to\n   " + (shell == "pwsh" ? "PowerShell's " : "") + startupFile, readme);
        // The one line in the README that names a profile script, and it is this shell's.
        var line = Assert.Single(readme.Split('\n'), l => l.Contains("/profile/env.")).Trim();
        Assert.Contains("/profile/" + profileScript, line);

        // The state folder as StateLayout finds it: $XDG_STATE_HOME/envsdk, else ~/.local/state/envsdk.
        var xdgProfile = Path.Combine(env.StateDir, "home", "profile");
        var defaultProfile = Path.Combine(env.Home, ".local", "state", "envsdk", "home", "profile");
        foreach (var profile in new[] { xdgProfile, defaultProfile })
        {
            Directory.CreateDirectory(profile);
            File.WriteAllText(Path.Combine(profile, profileScript), shell == "pwsh" ? $"Write-Output 'sourced {profile}'\n" : $"echo 'sourced {profile}'\n");
        }
        ProcessResult Run(string? xdgStateHome)
        {
            // The suite's PATH, on which .ci/run and test.sh put pwsh.
            var environment = env.Environment(new Dictionary<string, string?> { ["XDG_STATE_HOME"] = xdgStateHome });
            return shell == "pwsh"
                ? ProcessRunner.Run("pwsh", ["-NoProfile", "-NonInteractive", "-Command", line], dir, environment)
                : ProcessRunner.Run(shell, ["-c", line], dir, environment);
        }
        var withXdg = Run(Path.GetDirectoryName(env.StateDir));
        Assert.True(withXdg.ExitCode == 0, withXdg.ToString());
        Assert.Equal("sourced " + xdgProfile, withXdg.Output.Trim());
        foreach (var unset in new[] { null, "" })
        {
            var withoutXdg = Run(unset);
            Assert.True(withoutXdg.ExitCode == 0, withoutXdg.ToString());
            Assert.Equal("sourced " + defaultProfile, withoutXdg.Output.Trim());
        }
    }

    [Fact]
    public void Devenv_is_a_dev_shell_in_the_recommended_layout_with_a_pinned_tool_and_the_envrc_line_and_it_builds()
    {
        using var env = new TestEnv(fixture);
        // The defaults: csharpier from the user's feeds, .envrc, and no .gitignore (most repositories have one).
        var defaults = Path.Combine(env.Root, "defaults");
        New(env, "devenv", defaults);
        Assert.Contains("<Tool Include=\"csharpier\" Version=\"1.3.0\" />", File.ReadAllText(Path.Combine(defaults, "env", "env.proj")));
        Assert.False(File.Exists(Path.Combine(defaults, "env.proj")));
        Assert.Equal(Repo.SdkVersion, PinnedSdk(defaults));
        Assert.True(File.Exists(Path.Combine(defaults, ".envrc")));
        Assert.False(File.Exists(Path.Combine(defaults, ".gitignore")));
        AssertNoPlaceholders(defaults);
        var noDirenv = Path.Combine(env.Root, "no-direnv");
        New(env, "devenv", noDirenv, null, "--direnv", "false");
        Assert.False(File.Exists(Path.Combine(noDirenv, ".envrc")));

        // A repository's global.json gets the pin beside its own keys, neither refused nor replaced.
        var existing = Path.Combine(env.Root, "existing");
        Directory.CreateDirectory(existing);
        File.WriteAllText(Path.Combine(existing, "global.json"), """{ "sdk": { "version": "10.0.100", "rollForward": "latestFeature" }, "test": { "runner": "Microsoft.Testing.Platform" } }""");
        New(env, "devenv", existing);
        using (var merged = JsonDocument.Parse(File.ReadAllText(Path.Combine(existing, "global.json"))))
        {
            Assert.Equal("10.0.100", merged.RootElement.GetProperty("sdk").GetProperty("version").GetString());
            Assert.Equal("latestFeature", merged.RootElement.GetProperty("sdk").GetProperty("rollForward").GetString());
            Assert.Equal("Microsoft.Testing.Platform", merged.RootElement.GetProperty("test").GetProperty("runner").GetString());
        }
        Assert.Equal(Repo.SdkVersion, PinnedSdk(existing));

        // A tool the test feed has, and the .gitignore asked for.
        New(env, "devenv", env.ProjectDir, null, "--tool", "Hello.Tool", "--tool-version", "1.0.0", "--gitignore", "true");
        Assert.Equal(".envsdk/", File.ReadAllText(Path.Combine(env.ProjectDir, ".gitignore")).Trim());
        Assert.Equal(Repo.SdkVersion, PinnedSdk(env.ProjectDir));
        AssertNoPlaceholders(env.ProjectDir);
        // The .envrc holds exactly the line `dotnet env direnv` prints for it at the root, where the env is env/env.proj.
        var direnv = env.DotnetEnv(["direnv"]);
        Assert.True(direnv.ExitCode == 0, direnv.ToString());
        Assert.Equal(direnv.Stdout.Trim(), File.ReadAllText(Path.Combine(env.ProjectDir, ".envrc")).Trim());

        var build = env.DotnetEnv(["build"]);
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Equal("1.0.0", LockFile.Load(Path.Combine(env.ProjectDir, "env", "env.lock.json")).Find("Hello.Tool", "any")!.Version);
        var run = ProcessRunner.Run("bash", ["-c", ". ./env/.envsdk/activate\nhello-dotnet; echo \"telemetry=$DOTNET_CLI_TELEMETRY_OPTOUT\""], env.ProjectDir,
            env.Environment(new Dictionary<string, string?> { ["PATH"] = "/usr/local/bin:/usr/bin:/bin" }));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("hello-dotnet 1.0.0 []\ntelemetry=1", run.Output.Trim());
    }

    [Fact]
    public void Homemodule_packs_into_a_module_a_home_env_uses_and_its_options_make_the_files()
    {
        using var env = new TestEnv(fixture);
        var module = Path.Combine(env.Root, "module");
        New(env, "homemodule", module, null, "-n", "Acme.Home.Greet");
        Assert.Equal(["Acme.Home.Greet.csproj", "README.md", "Sdk.props", "Sdk.targets"], Directory.GetFiles(module, "*", SearchOption.AllDirectories).Select(Path.GetFileName).Order());
        var props = File.ReadAllText(Path.Combine(module, "Sdk", "Sdk.props"));
        Assert.Contains("""<HomeModule Include="Acme.Home.Greet" Prefix="Greet" """, props);
        Assert.Contains("""<HomeModuleOption Include="GreetAlias" Module="Acme.Home.Greet" Kind="Item" Metadata="Command" """, props);
        Assert.DoesNotContain("Hello", File.ReadAllText(Path.Combine(module, "Acme.Home.Greet.csproj")));
        Assert.Contains("dotnet pack", File.ReadAllText(Path.Combine(module, "README.md")));

        var pack = ProcessRunner.Run("dotnet", ["pack", module, "-c", "Release", "-o", env.ExtraFeed, "-nr:false", "-v:q"], module, env.Environment());
        Assert.True(pack.ExitCode == 0, pack.ToString());
        using (var package = System.IO.Compression.ZipFile.OpenRead(Path.Combine(env.ExtraFeed, "Acme.Home.Greet.0.1.0.nupkg")))
        {
            Assert.Contains(package.Entries, e => e.FullName == "Sdk/Sdk.props");
            Assert.Contains(package.Entries, e => e.FullName == "Sdk/Sdk.targets");
            Assert.DoesNotContain(package.Entries, e => e.FullName.EndsWith(".dll", StringComparison.Ordinal));
            using var nuspec = new StreamReader(package.GetEntry("Acme.Home.Greet.nuspec")!.Open());
            Assert.Contains("<packageType name=\"MSBuildSdk\" />", nuspec.ReadToEnd());
        }

        File.WriteAllText(env.ProjectFile, $"""
            <Project Sdk="Env.Sdk/{Repo.SdkVersion}">
              <Sdk Name="Acme.Home.Greet" Version="0.1.0" />
              <PropertyGroup>
                <EnvKind>Home</EnvKind>
                <GreetGreeting>Good morning</GreetGreeting>
                <GreetGreetOnStart>true</GreetGreetOnStart>
              </PropertyGroup>
              <ItemGroup>
                <HomeFragment Include=".bashrc" Text="export PAGER=less" />
                <GreetAlias Include="hi" Command="cat ~/.config/hello/greeting" />
              </ItemGroup>
            </Project>
            """);
        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotContain(": warning ", build.Output);
        var entry = new FileInfo(Path.Combine(env.ShellDir, "result")).LinkTarget!;
        var manifest = Env.Core.Home.HomeManifest.Load(entry);
        Assert.Equal([".bashrc", ".config/hello/greeting"], manifest.Files.Select(f => f.Path));
        Assert.Equal("Good morning\n", File.ReadAllText(Path.Combine(entry, "files", ".config", "hello", "greeting")));
        Assert.Equal("export PAGER=less\ncat \"$HOME/.config/hello/greeting\"\n", File.ReadAllText(Path.Combine(entry, "files", ".bashrc")));
        // The alias option became a ShellAlias of the home session.
        Assert.Contains("cat ~/.config/hello/greeting", File.ReadAllText(Path.Combine(entry, "profile", "env.sh")));
    }

    /// <summary>Runs `dotnet new TEMPLATE` from the private hive into <paramref name="output"/>, in the test's isolated environment.</summary>
    private void New(TestEnv env, string template, string output, IDictionary<string, string?>? extraEnv, params string[] args)
    {
        var result = ProcessRunner.Run("dotnet", ["new", template, "--debug:custom-hive", fixture.TemplateHive, "--no-update-check", "-o", output, .. args],
            env.Root, env.Environment(extraEnv));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("warning", result.Output, StringComparison.OrdinalIgnoreCase);
    }

    private void New(TestEnv env, string template, string output) => New(env, template, output, null);

    private static string PinnedSdk(string dir)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "global.json")));
        return json.RootElement.GetProperty("msbuild-sdks").GetProperty("Env.Sdk").GetString()!;
    }

    private static void AssertNoPlaceholders(string dir)
    {
        foreach (var file in Directory.GetFiles(dir, "*", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            foreach (var placeholder in Placeholders)
                Assert.False(text.Contains(placeholder, StringComparison.Ordinal), $"{file} still holds {placeholder}:\n{text}");
        }
    }
}
