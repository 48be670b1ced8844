using System.Text.Json;

namespace Env.Sdk.Tests;

/// <summary>
/// The first-party home modules (src/Modules: Env.Home.Git, Bash, Zsh, Fish, Ssh), packed from this checkout into the
/// run's feed and used from a home env.proj as `&lt;Sdk Name="Env.Home.Git" Version="…" /&gt;`. First what MSBuild
/// evaluates (the HomeFragment items each module makes, joined as the contract joins them, read by the real program),
/// then the whole way: `dotnet env switch` into a temporary HOME, and git, ssh, bash, zsh and fish reading the files it
/// linked there. A refusal is the module's coded error, before anything is written.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class HomeModulePackagesTests(SdkFixture fixture)
{
    /// <summary>A value with both quotes, backslashes, '#', ';' (escaped for MSBuild) and '$', each literal for git.</summary>
    private const string TrickyName = "J. \"Q\" O'Neil \\ #1 %3B $x";

    private const string TrickyNameValue = "J. \"Q\" O'Neil \\ #1 ; $x";

    private TestEnv HomeWithModules(string properties, string items)
    {
        fixture.EnsureHomeModules();
        var env = new TestEnv(fixture);
        File.WriteAllText(env.ProjectFile, $"""
            <Project Sdk="Env.Sdk/{Repo.SdkVersion}">
              <Sdk Name="Env.Home.Git" Version="{Repo.SdkVersion}" />
              <Sdk Name="Env.Home.Bash" Version="{Repo.SdkVersion}" />
              <Sdk Name="Env.Home.Zsh" Version="{Repo.SdkVersion}" />
              <Sdk Name="Env.Home.Fish" Version="{Repo.SdkVersion}" />
              <Sdk Name="Env.Home.Ssh" Version="{Repo.SdkVersion}" />
              <PropertyGroup>
                <EnvKind>Home</EnvKind>
            {properties}
              </PropertyGroup>
              <ItemGroup>
            {items}
              </ItemGroup>
            </Project>
            """);
        return env;
    }

    /// <summary>Every option of every module, with values that need quoting.</summary>
    private TestEnv FullHome() => HomeWithModules($"""
            <GitUserName>{TrickyName}</GitUserName>
            <GitUserEmail>j@example.org</GitUserEmail>
            <GitDefaultBranch>main</GitDefaultBranch>
            <GitEditor>vi -n</GitEditor>
            <GitSigningKey>ABCD1234</GitSigningKey>
            <BashHistorySize>4242</BashHistorySize>
            <BashHistoryFileSize>9000</BashHistoryFileSize>
            <BashHistoryControl>ignoreboth</BashHistoryControl>
            <BashHistoryIgnore>ls:it's</BashHistoryIgnore>
            <ZshHistorySize>4343</ZshHistorySize>
            <ZshHistoryFile>~/.zsh 'history'</ZshHistoryFile>
            <FishHistory>work_1</FishHistory>
            <FishGreeting>it's \ fish</FishGreeting>
            """, """
            <GitAlias Include="co" Command="checkout" />
            <GitAlias Include="lg" Command="log --format='%25h %25s' &quot;--&quot; \n" />
            <GitIgnore Include="%2A.swp" />
            <GitIgnore Include="build/" />
            <GitInclude Include="~/.config/git/work" IncludeIf="gitdir:~/work/" />
            <GitInclude Include="~/.config/git/local" />
            <GitSetting Include="pull.rebase" Value="true" />
            <GitSetting Include="url.https://example.org/a b&quot;c.insteadOf" Value="ex:" />
            <BashInit Include="BASH_INIT_LAST=yes" Order="1500" />
            <BashInit Include="BASH_INIT=yes" />
            <ZshOption Include="HIST_IGNORE_DUPS" />
            <ZshInit Include="ZSH_INIT=yes" />
            <FishInit Include="set -g FISH_INIT yes" />
            <SshHost Include="myhost" HostName="example.org" User="j" Port="2222" IdentityFile="~/.ssh/my key" IdentitiesOnly="yes" />
            <SshHost Include="%2A.corp" ProxyJump="bastion.example.org" ForwardAgent="yes" ServerAliveInterval="15" />
            <SshSetting Include="ServerAliveInterval" Value="60" />
            <SshSetting Include="User" Value="fallback" />
            <SshInclude Include="~/.ssh/config.d/extra" />
            <ShellAlias Include="ll" Command="ls -la" />
            <EnvVar Include="MODULE_TEST" Value="session-var" />
            <HomeFragment Include=".bashrc" Order="900" Text="USER_LINE=yes" />
            """);

    [Fact]
    public void Each_module_makes_its_fragments_at_evaluation_and_the_real_programs_read_them_joined()
    {
        using var env = FullHome();
        var fragments = Fragments(env);
        // Every fragment is a module's but the user's own line in ~/.bashrc.
        Assert.Equal(["USER_LINE=yes"], fragments.Where(f => f.Module == "").Select(f => f.Text));
        Assert.All(fragments.Where(f => f.Module != ""), f => Assert.StartsWith("Env.Home.", f.Module));
        Assert.Equal([".bash_profile", ".bashrc", ".config/fish/config.fish", ".config/git/config", ".config/git/ignore", ".ssh/config", ".zshrc"],
            fragments.Select(f => f.Place).Distinct().Order(StringComparer.Ordinal));

        // git, on the joined file: every value as written, the last include after the aliases.
        var gitDir = Path.Combine(env.Root, "joined");
        Directory.CreateDirectory(gitDir);
        var gitConfig = Path.Combine(gitDir, "gitconfig");
        File.WriteAllText(gitConfig, Join(fragments, ".config/git/config"));
        string GitGet(params string[] args)
        {
            var r = ProcessRunner.RunSplit("git", ["config", "-f", gitConfig, .. args], gitDir, GitEnvironment(env));
            Assert.True(r.ExitCode == 0, r.ToString());
            return r.Stdout.TrimEnd('\n');
        }
        Assert.Equal(TrickyNameValue, GitGet("--get", "user.name"));
        Assert.Equal("j@example.org", GitGet("--get", "user.email"));
        Assert.Equal("main", GitGet("--get", "init.defaultBranch"));
        Assert.Equal("vi -n", GitGet("--get", "core.editor"));
        Assert.Equal("ABCD1234", GitGet("--get", "user.signingKey"));
        Assert.Equal("true", GitGet("--bool", "--get", "commit.gpgSign"));
        Assert.Equal("checkout", GitGet("--get", "alias.co"));
        Assert.Equal("log --format='%h %s' \"--\" \\n", GitGet("--get", "alias.lg"));
        Assert.Equal("true", GitGet("--get", "pull.rebase"));
        Assert.Equal("ex:", GitGet("--get", "url.https://example.org/a b\"c.insteadOf"));
        Assert.Equal("~/.config/git/work", GitGet("--get", "includeIf.gitdir:~/work/.path"));
        Assert.Equal("~/.config/git/local", GitGet("--get", "include.path"));
        Assert.Equal("*.swp\nbuild/\n", Join(fragments, ".config/git/ignore"));
        var orders = fragments.Where(f => f.Place == ".config/git/config").Select(f => f.Order).ToList();
        Assert.Equal([100, 200, 300, 1500], orders);

        // ssh, on the joined file: the host block first, Host * last (ssh takes the first value), a spaced value quoted.
        var sshConfig = Path.Combine(gitDir, "sshconfig");
        File.WriteAllText(sshConfig, Join(fragments, ".ssh/config"));
        var ssh = SshG(env, sshConfig, "myhost");
        Assert.Contains("hostname example.org", ssh);
        Assert.Contains("user j", ssh);
        Assert.Contains("port 2222", ssh);
        Assert.Contains("identityfile ~/.ssh/my key", ssh);
        Assert.Contains("serveraliveinterval 60", ssh);
        var corp = SshG(env, sshConfig, "db.corp");
        Assert.Contains("proxyjump bastion.example.org", corp);
        Assert.Contains("user fallback", corp);
        Assert.Contains("serveraliveinterval 15", corp);

        // The shells' files, in the orders the READMEs give.
        var bashrc = Join(fragments, ".bashrc");
        Assert.Equal(["HISTSIZE=4242", "HISTFILESIZE=9000", "HISTCONTROL='ignoreboth'", "HISTIGNORE='ls:it'\\''s'",
            ". \"${XDG_STATE_HOME:-$HOME/.local/state}/envsdk/home/profile/env.sh\"", "USER_LINE=yes", "BASH_INIT=yes", "BASH_INIT_LAST=yes"],
            bashrc.TrimEnd('\n').Split('\n'));
        Assert.Equal("[[ -f ~/.bashrc ]] && . ~/.bashrc\n", Join(fragments, ".bash_profile"));
        var bash = ProcessRunner.Run("bash", ["-c", Join(fragments, ".bashrc").Replace(". \"${XDG", "# . \"${XDG") + "echo \"$HISTSIZE|$HISTFILESIZE|$HISTCONTROL|$HISTIGNORE\""], gitDir, env.Environment());
        Assert.Equal("4242|9000|ignoreboth|ls:it's", bash.Output.Trim());
        var zshrc = Join(fragments, ".zshrc");
        Assert.Equal(["HISTSIZE=4343", "SAVEHIST=4343", "HISTFILE=\"$HOME\"/'.zsh '\\''history'\\'''", "setopt HIST_IGNORE_DUPS",
            ". \"${XDG_STATE_HOME:-$HOME/.local/state}/envsdk/home/profile/env.sh\"", "ZSH_INIT=yes"], zshrc.TrimEnd('\n').Split('\n'));
        var zsh = ProcessRunner.Run("zsh", ["-c", zshrc.Replace(". \"${XDG", "# . \"${XDG") + "echo \"$HISTSIZE|$SAVEHIST|$HISTFILE\"; [[ -o histignoredups ]] && echo on"], gitDir, env.Environment());
        Assert.Equal($"4343|4343|{env.Home}/.zsh 'history'\non", zsh.Output.Trim());
        var configFish = Join(fragments, ".config/fish/config.fish");
        Assert.Equal(["set -g fish_history 'work_1'", "set -g fish_greeting 'it\\'s \\\\ fish'",
            "source (test -n \"$XDG_STATE_HOME\"; and echo $XDG_STATE_HOME; or echo ~/.local/state)/envsdk/home/profile/env.fish",
            "set -g FISH_INIT yes"], configFish.TrimEnd('\n').Split('\n'));
        var fish = ProcessRunner.Run("fish", ["--no-config", "-c", configFish.Replace("source (", "# source (") + "echo \"$fish_history|$fish_greeting|$FISH_INIT\""], gitDir, env.Environment());
        Assert.Equal("work_1|it's \\ fish|yes", fish.Output.Trim());
    }

    [Fact]
    public void Defaults_write_only_the_session_lines_and_the_login_profile_and_an_empty_greeting_is_none()
    {
        using var env = HomeWithModules("<FishGreeting></FishGreeting>", "");
        var fragments = Fragments(env);
        Assert.Equal([(".bashrc", 500), (".bash_profile", 100), (".zshrc", 500), (".config/fish/config.fish", 100), (".config/fish/config.fish", 500)],
            fragments.Select(f => (f.Place, f.Order)));
        Assert.Equal("set -g fish_greeting\n", fragments[3].Text);

        using var off = HomeWithModules("<BashSession>false</BashSession><BashProfile>false</BashProfile><ZshSession>false</ZshSession><FishSession>false</FishSession>", "");
        Assert.Empty(Fragments(off));
    }

    [Theory]
    [InlineData("<GitUserName>a&#10;b</GitUserName>", "", "ENV0070", "GitUserName")]
    [InlineData("", "<GitAlias Include=\"co\" Command=\"a%0Db\" />", "ENV0070", "alias.co")]
    [InlineData("", "<GitIgnore Include=\"a%0Ab\" />", "ENV0070", "GitIgnore")]
    [InlineData("", "<GitSetting Include=\"a.b\" Value=\"x%01y\" />", "ENV0070", "GitSetting")]
    [InlineData("", "<GitAlias Include=\"c'o\" Command=\"checkout\" />", "ENV0071", "'c'o' cannot be a git alias")]
    [InlineData("", "<GitSetting Include=\"nodot\" Value=\"1\" />", "ENV0071", "GitSetting 'nodot'")]
    [InlineData("", "<GitInclude Include=\"x\" IncludeIf=\"sometimes\" />", "ENV0071", "IncludeIf='sometimes'")]
    [InlineData("<BashHistorySize>lots</BashHistorySize>", "", "ENV0072", "BashHistorySize")]
    [InlineData("", "<ZshOption Include=\"NO BEEP\" />", "ENV0072", "ZshOption 'NO BEEP'")]
    [InlineData("<FishHistory>a-b</FishHistory>", "", "ENV0072", "FishHistory")]
    [InlineData("", "<SshHost Include=\"h\" User=\"it's\" />", "ENV0073", "SshHost 'h'")]
    [InlineData("", "<SshSetting Include=\"Server-Alive\" Value=\"1\" />", "ENV0074", "SshSetting 'Server-Alive'")]
    public void A_value_the_program_cannot_read_is_the_modules_coded_error_before_anything_is_written(string properties, string items, string code, string named)
    {
        using var env = HomeWithModules(properties, items);
        var build = env.Build();
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains($"error {code}: Env.Home.", build.Output);
        Assert.Contains(named, build.Output);
        Assert.Contains($"(dotnet env help {code})", build.Output);
        Assert.False(File.Exists(env.LockFile));
        Assert.False(Directory.Exists(env.ShellDir));
        Assert.Empty(TestEnv.StoreContents(env.StoreDir));
    }

    [Fact]
    public void Switched_into_a_home_git_ssh_bash_zsh_and_fish_read_the_files_with_the_session_and_its_alias()
    {
        using var env = FullHome();
        var switched = env.DotnetEnv(["switch"]);
        Assert.True(switched.ExitCode == 0, switched.ToString());
        var home = env.Home;
        foreach (var place in new[] { ".config/git/config", ".config/git/ignore", ".ssh/config", ".bashrc", ".bash_profile", ".zshrc", ".config/fish/config.fish" })
            Assert.NotNull(new FileInfo(Path.Combine(home, place)).LinkTarget);

        // git, as the user: --global reads ~/.config/git/config (no ~/.gitconfig, no system file).
        var git = GitEnvironment(env);
        ProcessResult Git(string dir, params string[] args) => ProcessRunner.Run("git", args, dir, git);
        Assert.Equal(TrickyNameValue, Git(home, "config", "--global", "--get", "user.name").Output.TrimEnd('\n'));
        var repo = Path.Combine(env.Root, "work-repo");
        Directory.CreateDirectory(repo);
        Assert.Equal(0, Git(repo, "init", "-q").ExitCode);
        Assert.Equal("checkout", Git(repo, "config", "--get", "alias.co").Output.TrimEnd('\n'));
        Assert.Equal(0, Git(repo, "check-ignore", "-q", "notes.swp").ExitCode);
        Assert.Equal(0, Git(repo, "check-ignore", "-q", "build/out.o").ExitCode);
        Assert.Equal(1, Git(repo, "check-ignore", "-q", "main.c").ExitCode);

        var ssh = SshG(env, Path.Combine(home, ".ssh", "config"), "myhost");
        Assert.Contains("hostname example.org", ssh);
        Assert.Contains("user j", ssh);
        Assert.Contains("port 2222", ssh);

        // Interactive shells read their startup files from HOME: the history settings, the session's PATH and variable,
        // and the ShellAlias the session defines.
        var profileBin = Path.Combine(env.StateDir, "home", "profile", "bin");
        var shellEnv = env.Environment(new Dictionary<string, string?> { ["TERM"] = "dumb", ["PATH"] = "/usr/local/bin:/usr/bin:/bin", ["ZDOTDIR"] = null, ["XDG_CONFIG_HOME"] = null, ["HISTFILE"] = null });
        var bash = ProcessRunner.Run("bash", ["-i", "-c", "echo \"$HISTSIZE|$HISTCONTROL|$MODULE_TEST|$USER_LINE|$BASH_INIT|$PATH\"; alias ll"], home, shellEnv);
        Assert.Contains($"4242|ignoreboth|session-var|yes|yes|{profileBin}:", bash.Output);
        Assert.Contains("alias ll='ls -la'", bash.Output);
        var login = ProcessRunner.Run("bash", ["-l", "-c", "echo \"$HISTSIZE\""], home, shellEnv);
        Assert.Contains("4242", login.Output);
        var zsh = ProcessRunner.Run("zsh", ["-i", "-c", "echo \"$HISTSIZE|$SAVEHIST|$MODULE_TEST|$ZSH_INIT|$PATH\"; alias ll"], home, shellEnv);
        Assert.Contains($"4343|4343|session-var|yes|{profileBin}:", zsh.Output);
        Assert.Contains("ll='ls -la'", zsh.Output);
        var fish = ProcessRunner.Run("fish", ["-i", "-c", "echo \"$fish_history|$MODULE_TEST|$FISH_INIT|$PATH[1]\"; functions ll"], home, shellEnv);
        Assert.Contains($"work_1|session-var|yes|{profileBin}", fish.Output);
        Assert.Contains("ls -la", fish.Output);

        // `dotnet env options` lists the five modules' options, with the defaults and the values this env gives them.
        var options = env.DotnetEnv(["options", "--json"]);
        Assert.True(options.ExitCode == 0, options.ToString());
        using var json = JsonDocument.Parse(options.Stdout);
        var modules = json.RootElement.GetProperty("modules").EnumerateArray().ToDictionary(m => m.GetProperty("id").GetString()!);
        Assert.Equal(SdkFixture.HomeModules.Order(StringComparer.Ordinal), modules.Keys.Order(StringComparer.Ordinal));
        JsonElement Option(string module, string name) => modules[module].GetProperty("options").EnumerateArray().Single(o => o.GetProperty("name").GetString() == name);
        Assert.Equal(TrickyNameValue, Option("Env.Home.Git", "GitUserName").GetProperty("value").GetString());
        Assert.Equal("(fish default)", Option("Env.Home.Fish", "FishGreeting").GetProperty("default").GetString());
        Assert.Equal("true", Option("Env.Home.Bash", "BashSession").GetProperty("value").GetString());
        Assert.Equal(2, Option("Env.Home.Ssh", "SshHost").GetProperty("items").GetArrayLength());
    }

    [Fact]
    public void A_misspelt_option_of_a_first_party_module_is_a_warning_naming_the_option_meant()
    {
        using var env = HomeWithModules("<GitUserEmial>j@example.org</GitUserEmial>", "<SshHost Include=\"h\" Hostname=\"example.org\" />");
        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("warning ENV0065: Property 'GitUserEmial' is not an option of module Env.Home.Git", build.Output);
        Assert.Contains("did you mean GitUserEmail?", build.Output);
    }

    /// <summary>The HomeFragment items env.proj evaluates to, as `dotnet msbuild -getItem:HomeFragment` prints them.</summary>
    private static List<Fragment> Fragments(TestEnv env)
    {
        var result = ProcessRunner.RunSplit("dotnet", ["msbuild", env.ProjectFile, "-getItem:HomeFragment", "-nr:false"], env.ProjectDir, env.Environment());
        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        if (!json.RootElement.GetProperty("Items").TryGetProperty("HomeFragment", out var items)) return [];
        return items.EnumerateArray().Select(i => new Fragment(
            i.GetProperty("Identity").GetString()!,
            i.GetProperty("Text").GetString()!,
            i.TryGetProperty("Order", out var order) && order.GetString() is { Length: > 0 } o ? int.Parse(o) : 1000,
            i.TryGetProperty("Module", out var module) ? module.GetString()! : "")).ToList();
    }

    /// <summary>The contract's join: by Order (stable), each Text ending in exactly one added newline if it has none.</summary>
    private static string Join(List<Fragment> fragments, string place) =>
        string.Concat(fragments.Where(f => f.Place == place).OrderBy(f => f.Order).Select(f => f.Text.EndsWith('\n') ? f.Text : f.Text + "\n"));

    private static Dictionary<string, string?> GitEnvironment(TestEnv env) => env.Environment(new Dictionary<string, string?>
    {
        ["GIT_CONFIG_NOSYSTEM"] = "1", ["XDG_CONFIG_HOME"] = null, ["GIT_CONFIG_GLOBAL"] = null, ["GIT_DIR"] = null,
        ["GIT_CONFIG_COUNT"] = null,
    });

    private static string SshG(TestEnv env, string config, string host)
    {
        var r = ProcessRunner.RunSplit("ssh", ["-G", "-F", config, host], env.Root, env.Environment());
        Assert.True(r.ExitCode == 0, r.ToString());
        return r.Stdout;
    }

    private sealed record Fragment(string Place, string Text, int Order, string Module);
}
