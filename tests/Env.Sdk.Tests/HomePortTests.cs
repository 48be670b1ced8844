namespace Env.Sdk.Tests;

/// <summary>
/// Issue 18's "done means": a realistic home of two configurations — a work machine (j@lenny) and every other machine
/// of j — ported from the shape of a public Home Manager repository (common dotfiles, a folder source, a script in
/// ~/.local/bin, aliases, a PATH entry, an onChange, ordered activations, the git, bash and ssh modules, a pinned tool,
/// a condition on the configuration's host), switched, edited, switched, rolled back and uninstalled in temporary homes,
/// with the real git, ssh and bash reading what was written. USER is unset, as in a container: the configuration is
/// chosen by name.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class HomePortTests(SdkFixture fixture)
{
    /// <summary>Every place a generation of j@lenny puts in the home.</summary>
    private static readonly string[] Places =
    [
        ".bashrc", ".bash_profile", ".config/git/config", ".config/git/ignore", ".ssh/config",
        ".config/tmux/tmux.conf", ".config/nvim/init.lua", ".config/nvim/lua/keys.lua", ".local/bin/gg",
    ];

    private static readonly Dictionary<string, string?> NoUser = new() { ["USER"] = null, ["LOGNAME"] = null };

    [Fact]
    public void A_two_configuration_home_switches_edits_rolls_back_and_uninstalls_with_the_real_programs_reading_it()
    {
        fixture.EnsureHomeModules();
        using var env = new TestEnv(fixture);
        var greet = TestArchives.TarGzTool(Path.Combine(env.Root, "dl"), "greet-1.0.tar.gz", "greet", "hi");
        WriteRepository(env, greet, tmux: "set -g mouse on\n", extraAlias: "");
        var ran = Path.Combine(env.Home, "ran.log");

        // Work machine: j@lenny, chosen by name.
        var first = env.DotnetEnv(["switch", "-c", "j@lenny"], extraEnv: NoUser);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal("tmux dirs plugins", Ran(ran));
        foreach (var place in Places) Assert.True(File.Exists(Path.Combine(env.Home, place)), $"{place}\n{first}");
        Assert.True(File.Exists(Path.Combine(env.ProjectDir, "homes", "j@lenny.lock.json")), "a lock for the configuration");

        Assert.Equal("j@work.example", Git(env, env.Home, "config", "--global", "--get", "user.email"));
        Assert.Equal("J Doe", Git(env, env.Home, "config", "--global", "--get", "user.name"));
        Assert.Equal("checkout", Git(env, env.Home, "config", "--global", "--get", "alias.co"));
        Assert.Equal("main", Git(env, env.Home, "config", "--global", "--get", "init.defaultBranch"));
        var ssh = Ssh(env, "bastion");
        Assert.Contains("hostname bastion.lenny.example", ssh);
        Assert.Contains("user j", ssh);
        Assert.Contains("port 2222", ssh);

        var bash = Bash(env, "echo \"$HISTSIZE|$EDITOR|$HTTP_PROXY\"; alias ll; greet; gg; case \":$PATH:\" in *\":$HOME/.local/bin:\"*) echo path-ok;; esac");
        foreach (var expected in new[] { "10000|nvim|http://proxy.lenny.example:3128", "alias ll='ls -la'", "\nhi", "project script", "path-ok" })
            Assert.True(bash.Contains(expected, StringComparison.Ordinal), $"'{expected}' in:\n{bash}");

        // An edit: a dotfile and an alias. The tmux onChange runs, and the activations run in After's order again.
        WriteRepository(env, greet, tmux: "set -g mouse off\n", extraAlias: """<ShellAlias Include="gs" Command="git status" />""");
        var second = env.DotnetEnv(["switch", "-c", "j@lenny"], extraEnv: NoUser);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("Switched to new generation 2", second.Stderr);
        Assert.Contains("~ ~/.config/tmux/tmux.conf", second.Stderr);
        Assert.Equal("tmux dirs plugins", Ran(ran));
        Assert.Equal("set -g mouse off\n", File.ReadAllText(Path.Combine(env.Home, ".config/tmux/tmux.conf")));
        Assert.Contains("alias gs='git status'", Bash(env, "alias gs"));

        var noop = env.DotnetEnv(["switch", "-c", "j@lenny"], extraEnv: NoUser);
        Assert.True(noop.ExitCode == 0, noop.ToString());
        Assert.StartsWith("Nothing to do: generation 2 (j@lenny) is current", noop.Stderr);
        Assert.Equal("", Ran(ran));

        // Rollback: the old dotfile and no gs alias; the file changed back, so its onChange runs again.
        var back = env.DotnetEnv(["rollback"], extraEnv: NoUser);
        Assert.True(back.ExitCode == 0, back.ToString());
        Assert.Equal("set -g mouse on\n", File.ReadAllText(Path.Combine(env.Home, ".config/tmux/tmux.conf")));
        Assert.Equal("tmux dirs plugins", Ran(ran));
        Assert.DoesNotContain("git status", Bash(env, "alias gs 2>&1; true"));

        // Another machine of j: its own home and state; the configuration j, no proxy, the personal identity; the
        // work configuration's lock is not rewritten.
        var lennyLock = File.ReadAllBytes(Path.Combine(env.ProjectDir, "homes", "j@lenny.lock.json"));
        var other = Path.Combine(env.Root, "home-2");
        Directory.CreateDirectory(other);
        var asJ = new Dictionary<string, string?> { ["USER"] = "j", ["HOME"] = other, ["DOTNET_CLI_HOME"] = other, ["XDG_STATE_HOME"] = Path.Combine(other, ".local", "state") };
        var elsewhere = env.DotnetEnv(["switch"], extraEnv: asJ);
        Assert.True(elsewhere.ExitCode == 0, elsewhere.ToString());
        Assert.Equal("j@home.example", ProcessRunner.Run("git", ["config", "--global", "--get", "user.email"], other, GitEnvironment(env, asJ)).Output.TrimEnd('\n'));
        Assert.Contains("|nvim|\n", ProcessRunner.Run("bash", ["-i", "-c", "echo \"$HISTSIZE|$EDITOR|$HTTP_PROXY\""], other, ShellEnvironment(env, asJ)).Output);
        Assert.False(File.Exists(Path.Combine(other, ".ssh", "config")), "j's configuration has no ssh host");
        Assert.True(File.Exists(Path.Combine(env.ProjectDir, "homes", "j.lock.json")));
        Assert.Equal(lennyLock, File.ReadAllBytes(Path.Combine(env.ProjectDir, "homes", "j@lenny.lock.json")));

        // Uninstall the work home: every place the generations put there is gone, and the files the activations and
        // the shells made stay (theirs, not the generation's).
        var uninstall = env.DotnetEnv(["uninstall"], extraEnv: NoUser);
        Assert.True(uninstall.ExitCode == 0, uninstall.ToString());
        foreach (var place in Places) Assert.False(File.Exists(Path.Combine(env.Home, place)) || new FileInfo(Path.Combine(env.Home, place)).LinkTarget is not null, place);
        Assert.True(Directory.Exists(Path.Combine(env.Home, ".cache", "nvim")), "what an activation made is its own");
        Assert.True(File.Exists(Path.Combine(other, ".bashrc")), "the other home is untouched");
    }

    /// <summary>The repository: env.proj with the modules, homes/common.props, homes/j@lenny.props, homes/j.props, dotfiles/, scripts/.</summary>
    private static void WriteRepository(TestEnv env, string archive, string tmux, string extraAlias)
    {
        var repo = env.ProjectDir;
        Directory.CreateDirectory(Path.Combine(repo, "homes"));
        Directory.CreateDirectory(Path.Combine(repo, "dotfiles", "nvim", "lua"));
        Directory.CreateDirectory(Path.Combine(repo, "scripts"));
        File.WriteAllText(Path.Combine(repo, "dotfiles", "tmux.conf"), tmux);
        File.WriteAllText(Path.Combine(repo, "dotfiles", "nvim", "init.lua"), "require('keys')\n");
        File.WriteAllText(Path.Combine(repo, "dotfiles", "nvim", "lua", "keys.lua"), "vim.g.mapleader = ' '\n");
        var script = Path.Combine(repo, "scripts", "project.sh");
        File.WriteAllText(script, "#!/bin/sh\necho project script\n");
        File.SetUnixFileMode(script, (UnixFileMode)0b111_101_101);
        File.WriteAllText(env.ProjectFile, $"""
            <Project Sdk="Env.Sdk/{Repo.SdkVersion}">
              <Sdk Name="Env.Home.Git" Version="{Repo.SdkVersion}" />
              <Sdk Name="Env.Home.Bash" Version="{Repo.SdkVersion}" />
              <Sdk Name="Env.Home.Ssh" Version="{Repo.SdkVersion}" />
              <PropertyGroup>
                <EnvKind>Home</EnvKind>
              </PropertyGroup>
            </Project>
            """);
        // The activations are listed in the reverse of the order After= makes them run.
        File.WriteAllText(Path.Combine(repo, "homes", "common.props"), $"""
            <Project>
              <PropertyGroup>
                <GitUserName>J Doe</GitUserName>
                <GitDefaultBranch>main</GitDefaultBranch>
                <BashHistorySize>10000</BashHistorySize>
                <BashHistoryControl>ignoreboth</BashHistoryControl>
              </PropertyGroup>
              <ItemGroup>
                <Tool Include="greet" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" />
                <HomeFile Include=".config/tmux/tmux.conf" Source="dotfiles/tmux.conf" OnChange="echo tmux >> &quot;$HOME/ran.log&quot;" />
                <HomeFile Include=".config/nvim" Source="dotfiles/nvim/" />
                <HomeFile Include=".local/bin/gg" Source="scripts/project.sh" />
                <EnvVar Include="EDITOR" Value="nvim" />
                <EnvVar Include="PATH" Prepend="$(HOME)/.local/bin" />
                <ShellAlias Include="ll" Command="ls -la" />
                {extraAlias}
                <GitAlias Include="co" Command="checkout" />
                <GitIgnore Include=".direnv/" />
                <HomeActivation Include="plugins" Command="echo plugins >> &quot;$HOME/ran.log&quot;" After="dirs" />
                <HomeActivation Include="dirs" Command="mkdir -p &quot;$HOME/.cache/nvim&quot; &amp;&amp; echo dirs >> &quot;$HOME/ran.log&quot;" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(repo, "homes", "j@lenny.props"), """
            <Project>
              <Import Project="common.props" />
              <PropertyGroup>
                <GitUserEmail>j@work.example</GitUserEmail>
              </PropertyGroup>
              <ItemGroup>
                <SshHost Include="bastion" HostName="bastion.lenny.example" User="j" Port="2222" />
                <EnvVar Include="HTTP_PROXY" Value="http://proxy.lenny.example:3128" Condition="'$(HomeHost)' == 'lenny'" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(repo, "homes", "j.props"), """
            <Project>
              <Import Project="common.props" />
              <PropertyGroup>
                <GitUserEmail>j@home.example</GitUserEmail>
              </PropertyGroup>
            </Project>
            """);
    }

    private static string Ran(string log)
    {
        var text = File.Exists(log) ? File.ReadAllText(log) : "";
        File.Delete(log);
        return text.Replace('\n', ' ').Trim();
    }

    private static string Git(TestEnv env, string dir, params string[] args)
    {
        var run = ProcessRunner.Run("git", args, dir, GitEnvironment(env, NoUser));
        Assert.True(run.ExitCode == 0, run.ToString());
        return run.Output.TrimEnd('\n');
    }

    /// <summary>git as the user: --global reads ~/.config/git/config, no system file, nothing from the test's own environment.</summary>
    private static Dictionary<string, string?> GitEnvironment(TestEnv env, Dictionary<string, string?> extra) =>
        env.Environment(new Dictionary<string, string?>(extra)
        {
            ["GIT_CONFIG_NOSYSTEM"] = "1", ["XDG_CONFIG_HOME"] = null, ["GIT_CONFIG_GLOBAL"] = null, ["GIT_DIR"] = null, ["GIT_CONFIG_COUNT"] = null,
        });

    private static string Ssh(TestEnv env, string host)
    {
        var run = ProcessRunner.RunSplit("ssh", ["-G", "-F", Path.Combine(env.Home, ".ssh", "config"), host], env.Root, env.Environment(NoUser));
        Assert.True(run.ExitCode == 0, run.ToString());
        return run.Stdout;
    }

    /// <summary>An interactive bash, as a terminal starts one: it reads ~/.bashrc, which the bash module wrote.</summary>
    private static string Bash(TestEnv env, string script)
    {
        var run = ProcessRunner.Run("bash", ["-i", "-c", script], env.Home, ShellEnvironment(env, NoUser));
        Assert.True(run.ExitCode == 0, run.ToString());
        return run.Output;
    }

    private static Dictionary<string, string?> ShellEnvironment(TestEnv env, Dictionary<string, string?> extra) =>
        env.Environment(new Dictionary<string, string?>(extra) { ["TERM"] = "dumb", ["PATH"] = ShellProcess.SystemPath, ["HISTFILE"] = null });
}
