using System.Text.Json;
using Env.Core.Home;

namespace Env.Sdk.Tests;

/// <summary>
/// Home modules end to end (docs/home.md, "Modules"): MSBuild SDK packages written into the env's local feed (ids of
/// each test's own: the run shares one global packages folder), used by a home env.proj with <c>&lt;Sdk Name=… /&gt;</c>,
/// built with the packed SDK and switched with the real <c>dotnet-env</c> into a temporary HOME.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class HomeModuleTests(SdkFixture fixture)
{
    /// <summary>A module as the contract says: its declaration and defaults in Sdk.props, what it makes in Sdk.targets.</summary>
    private static void WriteModule(TestEnv env, string id, string props, string targets) =>
        TestPackages.Write(env.ExtraFeed, id, "0.1.0", "a home module", "MSBuildSdk", new Dictionary<string, string>
        {
            ["Sdk/Sdk.props"] = $"<Project>\n{props}\n</Project>\n",
            ["Sdk/Sdk.targets"] = $"<Project>\n<ItemGroup Condition=\"'$(EnvKind)' == 'Home'\">\n{targets}\n</ItemGroup>\n</Project>\n",
        });

    private static void WriteShellModule(TestEnv env, string id) => WriteModule(env, id, $"""
            <ItemGroup>
              <HomeModule Include="{id}" Prefix="Shelly" Description="a shell: history and a prompt in ~/.bashrc" />
              <HomeModuleOption Include="ShellyHistorySize" Module="{id}" Kind="Property" Default="1000" Description="HISTSIZE" />
              <HomeModuleOption Include="ShellyAlias" Module="{id}" Kind="Item" Metadata="Command" Description="an alias: Include its name, Command its command" />
            </ItemGroup>
            <PropertyGroup>
              <ShellyHistorySize Condition="'$(ShellyHistorySize)' == ''">1000</ShellyHistorySize>
            </PropertyGroup>
            """, $"""
            <HomeFragment Include=".bashrc" Order="1500" Text="PS1='$ '" Module="{id}" />
            <HomeFragment Include=".bashrc" Order="100" Text="HISTSIZE=$(ShellyHistorySize)" Module="{id}" />
            <HomeFragment Include=".bashrc" Order="600" Text="@(ShellyAlias->'alias %(Identity)=&quot;%(Command)&quot;', '&#10;')" Module="{id}" Condition="'@(ShellyAlias)' != ''" />
            <ShellAlias Include="gs" Command="git status" Module="{id}" />
            """);

    private static void WriteHome(TestEnv env, string sdks, string properties, string items) =>
        File.WriteAllText(env.ProjectFile, $"""
            <Project Sdk="Env.Sdk/{Repo.SdkVersion}">
              {sdks}
              <PropertyGroup>
                <EnvKind>Home</EnvKind>
                {properties}
              </PropertyGroup>
              <ItemGroup>
                {items}
              </ItemGroup>
            </Project>
            """);

    [Fact]
    public void A_modules_fragments_and_the_users_make_one_bashrc_in_the_home_and_options_lists_them()
    {
        using var env = new TestEnv(fixture);
        WriteShellModule(env, "Modules.Shelly");
        WriteHome(env, """<Sdk Name="Modules.Shelly" Version="0.1.0" />""", "<ShellyHistorySize>5000</ShellyHistorySize>", """
            <HomeFragment Include=".bashrc" Text="export PAGER=less" />
            <HomeFragment Include=".bashrc" Order="900" Text="# mine&#10;" OnChange="echo changed > .bashrc-changed" />
            <ShellyAlias Include="ll" Command="ls -l" />
            """);

        var switched = env.DotnetEnv(["switch"]);
        Assert.True(switched.ExitCode == 0, switched.ToString());
        var bashrc = Path.Combine(env.Home, ".bashrc");
        // A link through the home's fixed files link, which leads into the generation in the store.
        Assert.NotNull(new FileInfo(bashrc).LinkTarget);
        Assert.StartsWith(env.StoreDir + "/", Env.Core.IO.RealPath.Of(bashrc, env.Home));
        Assert.Equal("HISTSIZE=5000\nalias ll=\"ls -l\"\n# mine\nexport PAGER=less\nPS1='$ '\n"u8.ToArray(), File.ReadAllBytes(bashrc));
        Assert.Equal("changed\n", File.ReadAllText(Path.Combine(env.Home, ".bashrc-changed")));
        // The merged file is one file of the generation: its manifest lists it once.
        var manifest = HomeManifest.Load(new FileInfo(Path.Combine(env.ShellDir, "result")).LinkTarget!);
        Assert.Single(manifest.Files, f => f.Path == ".bashrc");
        // The module's alias is in the session.
        var session = ProcessRunner.Run("bash", ["-c", $"shopt -s expand_aliases; . '{env.StateDir}/home/profile/env.sh'; alias gs"], env.Home, env.Environment());
        Assert.True(session.ExitCode == 0, session.ToString());
        Assert.Contains("git status", session.Output);

        var options = env.DotnetEnv(["options"], env.ProjectDir);
        Assert.True(options.ExitCode == 0, options.ToString());
        Assert.Equal("""
            Modules.Shelly — a shell: history and a prompt in ~/.bashrc
              ShellyHistorySize (property)
                HISTSIZE
                default: "1000"
                value:   "5000"
              ShellyAlias (item, metadata Command)
                an alias: Include its name, Command its command
                items:   "ll" (Command="ls -l")

            """.ReplaceLineEndings("\n"), options.Stdout);
        var json = env.DotnetEnv(["options", env.ProjectFile, "--json"]);
        Assert.True(json.ExitCode == 0, json.ToString());
        using var parsed = JsonDocument.Parse(json.Stdout);
        var module = Assert.Single(parsed.RootElement.GetProperty("modules").EnumerateArray());
        Assert.Equal("Shelly", module.GetProperty("prefix").GetString());
        var size = module.GetProperty("options")[0];
        Assert.Equal(("ShellyHistorySize", "property", "1000", "5000"),
            (size.GetProperty("name").GetString(), size.GetProperty("kind").GetString(), size.GetProperty("default").GetString(), size.GetProperty("value").GetString()));
        var alias = module.GetProperty("options")[1].GetProperty("items")[0];
        Assert.Equal(("ll", "ls -l"), (alias.GetProperty("include").GetString(), alias.GetProperty("metadata").GetProperty("Command").GetString()));

        // A misspelt option: a warning at its line naming the option meant, and the build goes on.
        WriteHome(env, """<Sdk Name="Modules.Shelly" Version="0.1.0" />""", "<ShellyHistorySise>5000</ShellyHistorySise>", """<ShellyAlias Include="la" Comand="ls -a" />""");
        var warned = env.Build();
        Assert.True(warned.ExitCode == 0, warned.ToString());
        Assert.True(warned.Output.Contains("env.proj(5,5): warning ENV0065: Property 'ShellyHistorySise' is not an option of module Modules.Shelly, so the module ignores it; did you mean ShellyHistorySize?", StringComparison.Ordinal), warned.Output);
        Assert.True(warned.Output.Contains("env.proj(8,5): warning ENV0066: ShellyAlias takes the metadata Command (module Modules.Shelly), not 'Comand'", StringComparison.Ordinal), warned.Output);
    }

    [Fact]
    public void Two_modules_writing_one_place_or_one_alias_is_an_error_naming_both_and_nothing_is_built()
    {
        using var env = new TestEnv(fixture);
        foreach (var id in new[] { "Modules.GitA", "Modules.GitB" })
        {
            WriteModule(env, id, $"""<ItemGroup><HomeModule Include="{id}" Prefix="{id[^4..]}" /></ItemGroup>""", $"""
                <HomeFile Include=".config/git/config" Text="{id}" Module="{id}" />
                """);
        }
        WriteHome(env, """<Sdk Name="Modules.GitA" Version="0.1.0" /><Sdk Name="Modules.GitB" Version="0.1.0" />""", "", "");
        var build = env.Build();
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error ENV0045", build.Output);
        Assert.Contains("the HomeFile of module Modules.GitA and the HomeFile of module Modules.GitB", build.Output);
        Assert.False(File.Exists(env.LockFile));
        Assert.False(File.Exists(Path.Combine(env.ShellDir, "result")));

        // A module's fragments and a HomeFile of the user's at one place; an alias the user and a module give differently.
        WriteShellModule(env, "Modules.Shelly2");
        WriteHome(env, """<Sdk Name="Modules.Shelly2" Version="0.1.0" />""", "", """<HomeFile Include=".bashrc" Text="mine" />""");
        build = env.Build();
        Assert.True(build.Output.Contains("error ENV0045", StringComparison.Ordinal), build.Output);
        Assert.True(build.Output.Contains($"the HomeFile of your configuration ({env.ProjectFile}) and also joined from the HomeFragment items of module Modules.Shelly2", StringComparison.Ordinal), build.Output);
        WriteHome(env, """<Sdk Name="Modules.Shelly2" Version="0.1.0" />""", "", """<ShellAlias Include="gs" Command="grep s" />""");
        build = env.Build();
        Assert.True(build.Output.Contains("error ENV0063", StringComparison.Ordinal), build.Output);
        // env.proj's items come before the module's Sdk.targets: the user's alias is met first.
        Assert.True(build.Output.Contains($"ShellAlias 'gs' is given by your configuration ({env.ProjectFile}) and by module Modules.Shelly2, with different values", StringComparison.Ordinal), build.Output);
        Assert.False(File.Exists(Path.Combine(env.ShellDir, "result")));

        // HomeFragment in an env that is not a home env would be ignored: ENV0048.
        env.WriteProject("""<HomeFragment Include=".bashrc" Text="x" />""");
        build = env.Build();
        Assert.True(build.Output.Contains("error ENV0048", StringComparison.Ordinal), build.Output);
    }

    [Fact]
    public void An_env_without_modules_says_so()
    {
        using var env = new TestEnv(fixture);
        WriteHome(env, "", "", """<HomeFile Include=".hushlogin" Text="" />""");
        var options = env.DotnetEnv(["options"], env.ProjectDir);
        Assert.True(options.ExitCode == 0, options.ToString());
        Assert.Equal($"{env.ProjectFile} uses no home module. Use one with <Sdk Name=\"MODULE\" Version=\"…\" /> in a home env.proj (or 'dotnet new homemodule' to write one).\n", options.Stdout);
        var json = env.DotnetEnv(["options", "--json"], env.ProjectDir);
        Assert.Equal("{\n  \"modules\": []\n}\n", json.Stdout);
    }
}
