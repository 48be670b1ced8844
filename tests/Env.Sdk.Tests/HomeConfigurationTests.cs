using Env.Core.Home;

namespace Env.Sdk.Tests;

/// <summary>
/// The first piece of home environments (issue 8): machine facts for conditions (EnvUser, EnvHost, EnvOS) and the
/// choice of a configuration in a repository of several (homes/j@lenny.props, homes/j.props), as Home Manager chooses.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class HomeConfigurationTests(SdkFixture fixture)
{
    private const string User = "j";
    private const string Host = "lenny";

    [Fact]
    public void Machine_facts_are_there_for_conditions_in_env_proj_itself()
    {
        using var env = new TestEnv(fixture);
        env.WriteProject(Greet(env) + """<EnvVar Include="SEEN" Value="$(Seen)" />""",
            """<Seen Condition="'$(EnvOS)' == 'linux' and '$(EnvHost)' != '' and '$(EnvUser)' != ''">$(EnvUser)@$(EnvHost) on $(EnvOS)</Seen>""");
        // MSBuild takes environment variables as properties, so USER must not decide alone: EnvUser falls back to the OS's.
        var build = env.Build(new Dictionary<string, string?> { ["USER"] = null });
        Assert.Equal(0, build.ExitCode);
        var expected = $"{Environment.UserName}@{Environment.MachineName.Split('.')[0]} on linux";
        Assert.Equal(expected, DotEnv(env)["SEEN"]);
    }

    [Fact]
    public void The_configuration_is_user_at_host_else_user_else_the_one_named_and_none_is_a_coded_error_listing_them()
    {
        using var env = new TestEnv(fixture);
        env.WriteProject(Greet(env) + """<EnvVar Include="BASE" Value="common" />""", "<EnvKind>Home</EnvKind>");
        var homes = Path.Combine(env.ProjectDir, "homes");
        Directory.CreateDirectory(homes);
        File.WriteAllText(Path.Combine(homes, "common.props"), """
            <Project>
              <ItemGroup><EnvVar Include="SHARED" Value="yes" /></ItemGroup>
            </Project>
            """);
        foreach (var name in new[] { $"{User}@{Host}", User, "other" })
        {
            File.WriteAllText(Path.Combine(homes, name + ".props"), $"""
                <Project>
                  <Import Project="common.props" />
                  <ItemGroup><EnvVar Include="CONFIG" Value="{name}" /></ItemGroup>
                </Project>
                """);
        }
        var machine = new Dictionary<string, string?> { ["EnvUser"] = User, ["EnvHost"] = Host };

        Assert.Equal($"{User}@{Host}", Config(env, machine));
        Assert.Equal(User, Config(env, new Dictionary<string, string?> { ["EnvUser"] = User, ["EnvHost"] = "elsewhere" }));
        Assert.Equal("other", Config(env, machine, "-p:HomeConfiguration=other"));
        // The configuration and what it imports are inputs: editing them makes the env stale for `dotnet env` too.
        Assert.Contains(Path.Combine(homes, "common.props"), File.ReadAllText(Path.Combine(env.ShellDir, "env.json")));

        var none = env.Build(new Dictionary<string, string?> { ["EnvUser"] = "nobody", ["EnvHost"] = Host });
        Assert.NotEqual(0, none.ExitCode);
        Assert.Contains("error ENV0040", none.Output);
        Assert.Contains("Configurations in homes/: j, j@lenny, other", none.Output);
        var missing = env.Build(machine, "-p:HomeConfiguration=typo");
        Assert.Contains("error ENV0040: There is no home configuration 'typo'", missing.Output);
        var path = env.Build(machine, "-p:HomeConfiguration=../outside");
        Assert.Contains("error ENV0041", path.Output);
    }

    [Fact]
    public void A_home_env_without_homes_is_its_one_configuration()
    {
        using var env = new TestEnv(fixture);
        env.WriteProject(Greet(env) + """<HomeFile Include=".x" Text="x" />""", "<EnvKind>Home</EnvKind>");
        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Null(HomeManifest.Load(new FileInfo(Path.Combine(env.ShellDir, "result")).LinkTarget!).Configuration);
        var named = env.Build("-p:HomeConfiguration=work");
        Assert.Contains("error ENV0040: There is no home configuration 'work'", named.Output);
    }

    [Fact]
    public void Dotnet_env_chooses_the_configuration_as_Sdk_props_does()
    {
        using var env = new TestEnv(fixture);
        env.WriteProject(Greet(env), "<EnvKind>Home</EnvKind>");
        var homes = Path.Combine(env.ProjectDir, "homes");
        var host = HomeConfigurationChoice.Host();
        // USER, else LOGNAME, else the account name: containers, CI and su often set neither variable.
        var cases = new (string[] Files, string? User, string? LogName, string? Given)[]
        {
            (["u@" + host, "u", "common"], "u", null, null),
            (["u", "common"], "u", "l", null),
            (["u@elsewhere"], "u", null, null),
            ([Environment.UserName + "@" + host], null, null, null),
            (["l", "u"], null, "l", null),
            (["l", Environment.UserName], "", "", null),
            (["u"], "u", null, "other"),
            ([], "u", null, null),
        };
        foreach (var (files, user, logName, given) in cases)
        {
            if (Directory.Exists(homes)) Directory.Delete(homes, recursive: true);
            Directory.CreateDirectory(homes);
            foreach (var f in files) File.WriteAllText(Path.Combine(homes, f + ".props"), "<Project />");
            var vars = env.Environment(new Dictionary<string, string?> { ["USER"] = user, ["LOGNAME"] = logName });
            string[] args = ["msbuild", env.ProjectFile, "-nr:false", "-getProperty:HomeConfiguration", .. given is null ? Array.Empty<string>() : ["-p:HomeConfiguration=" + given]];
            var run = ProcessRunner.Run("dotnet", args, env.ProjectDir, vars);
            Assert.True(run.ExitCode == 0, run.ToString());
            var core = HomeConfigurationChoice.Choose(env.ProjectDir, given, HomeConfigurationChoice.User(name => vars.GetValueOrDefault(name)), host);
            Assert.Equal(core ?? "", run.Output.Trim());
        }
        File.WriteAllText(Path.Combine(homes, "u.props"), "<Project />");
        File.WriteAllText(Path.Combine(homes, "common.props"), "<Project />");
        Assert.Equal(["u"], HomeConfigurationChoice.Available(env.ProjectDir));
    }

    [Fact]
    public void Switch_without_USER_or_LOGNAME_takes_the_account_name_as_the_build_does()
    {
        using var env = new TestEnv(fixture);
        env.WriteProject(Greet(env) + """<EnvVar Include="BASE" Value="common" />""", "<EnvKind>Home</EnvKind>");
        var homes = Path.Combine(env.ProjectDir, "homes");
        Directory.CreateDirectory(homes);
        foreach (var name in new[] { Environment.UserName, "me" })
            File.WriteAllText(Path.Combine(homes, name + ".props"), $"""<Project><ItemGroup><HomeFile Include=".{name}" Text="{name}" /></ItemGroup></Project>""");
        var noUser = new Dictionary<string, string?> { ["USER"] = null, ["LOGNAME"] = null };
        var switched = env.DotnetEnv(["switch"], extraEnv: noUser);
        Assert.True(switched.ExitCode == 0, switched.ToString());
        Assert.Contains($"Switched to new generation 1 ({Environment.UserName})", switched.Stderr);
        Assert.Equal(Environment.UserName, File.ReadAllText(Path.Combine(env.Home, "." + Environment.UserName)));
        // The build alone chooses the same, so switch finds its build current and builds nothing more.
        var build = env.Build(noUser);
        Assert.True(build.ExitCode == 0, build.ToString());
        var again = env.DotnetEnv(["switch"], extraEnv: noUser);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.StartsWith($"Nothing to do: generation 1 ({Environment.UserName})", again.Stderr);
    }

    [Fact]
    public void Dotnet_env_names_its_own_flag_for_a_configuration_and_build_c_is_that_configuration()
    {
        using var env = new TestEnv(fixture);
        env.WriteProject(Greet(env), "<EnvKind>Home</EnvKind>");
        var homes = Path.Combine(env.ProjectDir, "homes");
        Directory.CreateDirectory(homes);
        foreach (var name in new[] { "a", "b" })
            File.WriteAllText(Path.Combine(homes, name + ".props"), $"""<Project><ItemGroup><EnvVar Include="CONFIG" Value="{name}" /></ItemGroup></Project>""");
        var nobody = new Dictionary<string, string?> { ["USER"] = "nobody", ["LOGNAME"] = null };

        // dotnet env says its own flag, before any build.
        var none = env.DotnetEnv(["switch"], extraEnv: nobody);
        Assert.Equal(1, none.ExitCode);
        Assert.StartsWith("ENV0040: No home configuration for nobody@", none.Stderr);
        Assert.Contains("Configurations in homes/: a, b. Choose one with --config NAME, or add homes/nobody.props.", none.Stderr);
        Assert.DoesNotContain("-p:", none.Stderr);
        var typo = env.DotnetEnv(["switch", "-c", "typo"], extraEnv: nobody);
        Assert.Equal(1, typo.ExitCode);
        Assert.StartsWith("ENV0040: There is no home configuration 'typo' (homes/typo.props). Configurations in homes/: a, b. Choose one with --config NAME.", typo.Stderr);
        Assert.False(Directory.Exists(env.ShellDir));

        // -c is the same configuration in build as in switch (not dotnet build's Debug or Release).
        foreach (var args in new[] { new[] { "build", "-c", "b" }, ["build", "--config", "a"], ["build", "--config=b"] })
        {
            var build = env.DotnetEnv(args, extraEnv: nobody);
            Assert.True(build.ExitCode == 0, build.ToString());
            Assert.Equal(args[^1][^1..], DotEnv(env)["CONFIG"]);
        }

        // dotnet build's own words name both spellings.
        var msbuild = env.Build(nobody);
        Assert.Contains("error ENV0040: No home configuration for nobody@", msbuild.Output);
        Assert.Contains("Choose one with --config NAME (dotnet env) or -p:HomeConfiguration=NAME (dotnet build)", msbuild.Output);
    }

    [Fact]
    public void A_configuration_chosen_by_name_gives_conditions_its_user_and_host_beside_the_machine_s()
    {
        using var env = new TestEnv(fixture);
        // env.proj's own PropertyGroup, the configuration and common.props all see HomeUser and HomeHost.
        env.WriteProject(Greet(env) + """<EnvVar Include="FOR" Value="$(For)" />""",
            """<EnvKind>Home</EnvKind><For>$(HomeUser)@$(HomeHost) built by $(EnvUser)@$(EnvHost)</For>""");
        var homes = Path.Combine(env.ProjectDir, "homes");
        Directory.CreateDirectory(homes);
        File.WriteAllText(Path.Combine(homes, "common.props"), """
            <Project>
              <ItemGroup Condition="'$(HomeHost)' == 'lenny'"><EnvVar Include="PROXY" Value="via-lenny" /></ItemGroup>
            </Project>
            """);
        foreach (var name in new[] { "j@lenny", "j" })
            File.WriteAllText(Path.Combine(homes, name + ".props"), """<Project><Import Project="common.props" /></Project>""");
        var laptop = new Dictionary<string, string?> { ["EnvUser"] = "me", ["EnvHost"] = "laptop" };

        var lenny = env.Build(laptop, "-p:HomeConfiguration=j@lenny");
        Assert.True(lenny.ExitCode == 0, lenny.ToString());
        Assert.Equal("j@lenny built by me@laptop", DotEnv(env)["FOR"]);
        Assert.Equal("via-lenny", DotEnv(env)["PROXY"]);
        // A configuration that names no host is for any: its host is the machine's.
        var j = env.Build(laptop, "-p:HomeConfiguration=j");
        Assert.True(j.ExitCode == 0, j.ToString());
        Assert.Equal("j@laptop built by me@laptop", DotEnv(env)["FOR"]);
        Assert.False(DotEnv(env).ContainsKey("PROXY"));

        // What scripts and IDEs ask MSBuild, with the configuration chosen as dotnet env switch chooses it.
        var onLenny = new Dictionary<string, string?> { ["EnvUser"] = "j", ["EnvHost"] = "lenny" };
        foreach (var (machine, given, expected) in new (Dictionary<string, string?>, string?, string)[]
                 {
                     (laptop, "j@lenny", "j lenny"), (laptop, "j", "j laptop"), (onLenny, null, "j lenny"),
                 })
        {
            string[] args = ["msbuild", env.ProjectFile, "-nr:false", "-getProperty:HomeUser", "-getProperty:HomeHost", .. given is null ? Array.Empty<string>() : ["-p:HomeConfiguration=" + given]];
            var run = ProcessRunner.Run("dotnet", args, env.ProjectDir, env.Environment(machine));
            Assert.True(run.ExitCode == 0, run.ToString());
            using var json = System.Text.Json.JsonDocument.Parse(run.Output);
            var properties = json.RootElement.GetProperty("Properties");
            Assert.Equal(expected, $"{properties.GetProperty("HomeUser").GetString()} {properties.GetProperty("HomeHost").GetString()}");
        }
    }

    private static string Config(TestEnv env, IDictionary<string, string?> machine, params string[] args)
    {
        var build = env.Build(machine, args);
        Assert.True(build.ExitCode == 0, build.ToString());
        var dotenv = DotEnv(env);
        Assert.Equal("yes", dotenv["SHARED"]);
        Assert.Equal("common", dotenv["BASE"]);
        return dotenv["CONFIG"];
    }

    private static string Greet(TestEnv env)
    {
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "dl"), "greet-1.0.tar.gz", "greet", "hi");
        return $"""<Tool Include="greet" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" />""" + "\n";
    }

    /// <summary>.envsdk/.env's simple values (NAME='value' or NAME=value).</summary>
    private static Dictionary<string, string> DotEnv(TestEnv env) =>
        File.ReadAllLines(Path.Combine(env.ShellDir, ".env")).Where(l => l.Length > 0 && l[0] != '#' && l.Contains('='))
            .Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1].Trim('\''));
}
