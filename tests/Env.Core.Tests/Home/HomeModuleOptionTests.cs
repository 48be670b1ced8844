using Env.Core.Diagnostics;
using Env.Core.Home;

namespace Env.Core.Tests.Home;

/// <summary>A module's declaration of its options, and the near names a user writes.</summary>
public sealed class HomeModuleOptionTests : IDisposable
{
    private readonly TempDir _dir = new("envsdk-options-");

    public void Dispose() => _dir.Dispose();

    private static (string, IReadOnlyDictionary<string, string>) Item(string include, params (string Key, string Value)[] metadata) =>
        (include, metadata.ToDictionary(m => m.Key, m => m.Value, StringComparer.OrdinalIgnoreCase));

    private static readonly (string, IReadOnlyDictionary<string, string>)[] GitModule = [Item("Env.Home.Git", ("Prefix", "Git"), ("Description", "git"))];

    private static readonly (string, IReadOnlyDictionary<string, string>)[] GitOptions =
    [
        Item("GitUserName", ("Module", "Env.Home.Git"), ("Kind", "Property"), ("Default", ""), ("Description", "user.name")),
        Item("GitUserEmail", ("Module", "Env.Home.Git"), ("Kind", "Property"), ("Description", "user.email")),
        Item("GitDefaultBranch", ("Module", "Env.Home.Git"), ("Kind", "Property"), ("Default", "main")),
        Item("GitAlias", ("Module", "Env.Home.Git"), ("Kind", "Item"), ("Metadata", "Command"), ("Description", "[alias] NAME = Command")),
    ];

    [Fact]
    public void A_module_and_its_options_are_read_in_order()
    {
        var module = Assert.Single(HomeModuleCatalog.Parse(GitModule, GitOptions, "env.proj"));
        Assert.Equal(("Env.Home.Git", "Git"), (module.Id, module.Prefix));
        Assert.Equal(["GitUserName", "GitUserEmail", "GitDefaultBranch", "GitAlias"], module.Options.Select(o => o.Name));
        Assert.Equal("main", module.Options[2].Default);
        Assert.Equal(HomeModuleOptionKind.Item, module.Options[3].Kind);
        Assert.Equal(["Command"], module.Options[3].Metadata);
    }

    [Theory]
    [InlineData("UserName", "Property", "does not start with the module's Prefix")]
    [InlineData("GitThing", "Setting", "Kind=\"Setting\"")]
    [InlineData("GitThing", "", "Kind=\"\"")]
    public void An_option_without_the_prefix_or_with_an_unknown_kind_is_ENV0064_naming_the_module(string name, string kind, string said)
    {
        var e = Assert.Throws<EnvException>(() => HomeModuleCatalog.Parse(GitModule, [Item(name, ("Module", "Env.Home.Git"), ("Kind", kind))], "env.proj"));
        Assert.Equal(EnvCode.ENV0064, e.Code);
        Assert.Contains("Env.Home.Git", e.Message);
        Assert.Contains(said, e.Message);
    }

    [Fact]
    public void Other_wrong_declarations_are_ENV0064()
    {
        foreach (var (modules, options) in new[]
                 {
                     (new[] { Item("Env.Home.Git") }, Array.Empty<(string, IReadOnlyDictionary<string, string>)>()),
                     ([Item("Env Home", ("Prefix", "Git"))], []),
                     ([GitModule[0], GitModule[0]], []),
                     (GitModule, [Item("GitX", ("Module", "Env.Home.Other"), ("Kind", "Property"))]),
                     (GitModule, [Item("GitX", ("Module", "Env.Home.Git"), ("Kind", "Property"), ("Metadata", "A"))]),
                     (GitModule, [Item("GitX", ("Module", "Env.Home.Git"), ("Kind", "Item"), ("Default", "a"))]),
                     (GitModule, [Item("GitX", ("Module", "Env.Home.Git"), ("Kind", "Item")), Item("gitx", ("Module", "Env.Home.Git"), ("Kind", "Item"))]),
                     (GitModule, [Item("GitX", ("Module", "Env.Home.Git"), ("Kind", "Property"), ("Descripton", "a"))]),
                 })
        {
            Assert.Equal(EnvCode.ENV0064, Assert.Throws<EnvException>(() => HomeModuleCatalog.Parse(modules, options, "env.proj")).Code);
        }
    }

    [Fact]
    public void Near_names_in_env_proj_and_the_configuration_are_warnings_at_their_line_naming_the_nearest_option()
    {
        var project = _dir.Combine("env.proj");
        Directory.CreateDirectory(_dir.Combine("homes"));
        File.WriteAllText(project, """
            <Project Sdk="Env.Sdk">
              <Sdk Name="Env.Home.Git" Version="0.1.0" />
              <PropertyGroup>
                <EnvKind>Home</EnvKind>
                <GitUsername>j</GitUsername>
                <GitUserNam>j</GitUserNam>
              </PropertyGroup>
              <Import Project="homes/common.props" />
              <Target Name="Mine"><PropertyGroup><GitUserNme>x</GitUserNme></PropertyGroup></Target>
            </Project>
            """);
        File.WriteAllText(_dir.Combine("homes", "common.props"), """
            <Project>
              <ItemGroup>
                <GitAlias Include="co" Command="checkout" Comand="x" />
                <GitAliases Include="st" Command="status" />
                <HomeFragment Include=".bashrc" Text="x" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(_dir.Combine("homes", "j.props"), """
            <Project>
              <PropertyGroup>
                <GitEmail>j@example.org</GitEmail>
                <EDITOR>vim</EDITOR>
              </PropertyGroup>
              <ItemGroup>
                <GitAlias Include="lg">
                  <Command>log</Command>
                  <Cmd>log</Cmd>
                </GitAlias>
              </ItemGroup>
            </Project>
            """);
        var modules = HomeModuleCatalog.Parse(GitModule, GitOptions, project);
        var written = HomeWrittenNames.Read(project, [_dir.Combine("homes", "j.props")]);
        var warnings = HomeModuleOptionCheck.Check(modules, written, Env.Core.Tools.ItemTypeNames.Known.ToList());
        Assert.Collection(warnings,
            w => Assert.Equal((EnvCode.ENV0065, project, 6, 5), (w.Code, w.File, w.Line, w.Column)),
            w => Assert.Equal((EnvCode.ENV0065, _dir.Combine("homes", "j.props"), 3, 5), (w.Code, w.File, w.Line, w.Column)),
            w => Assert.Equal((EnvCode.ENV0066, _dir.Combine("homes", "j.props"), 7, 5), (w.Code, w.File, w.Line, w.Column)),
            w => Assert.Equal((EnvCode.ENV0066, _dir.Combine("homes", "common.props"), 3, 5), (w.Code, w.File, w.Line, w.Column)),
            w => Assert.Equal((EnvCode.ENV0065, _dir.Combine("homes", "common.props"), 4, 5), (w.Code, w.File, w.Line, w.Column)));
        Assert.Contains("'GitUserNam'", warnings[0].Message);
        Assert.Contains("did you mean GitUserName?", warnings[0].Message);
        Assert.Contains("did you mean GitUserEmail?", warnings[1].Message);
        Assert.Contains("'Cmd'", warnings[2].Message);
        Assert.Contains("did you mean Command?", warnings[3].Message);
        Assert.Contains("did you mean GitAlias?", warnings[4].Message);
    }

    [Fact]
    public void No_module_no_warning_and_an_option_of_the_wrong_kind_is_said()
    {
        var project = _dir.Combine("env.proj");
        File.WriteAllText(project, "<Project><PropertyGroup><GitAlias>x</GitAlias><GitUserNam>j</GitUserNam></PropertyGroup></Project>");
        var written = HomeWrittenNames.Read(project, []);
        Assert.Empty(HomeModuleOptionCheck.Check([], written, []));
        var warning = HomeModuleOptionCheck.Check(HomeModuleCatalog.Parse(GitModule, GitOptions, project), written, [])[0];
        Assert.Equal(EnvCode.ENV0065, warning.Code);
        Assert.Contains("an item type", warning.Message);
    }

    [Fact]
    public void A_file_outside_the_project_folder_or_with_a_DTD_is_not_read()
    {
        var project = _dir.Combine("repo", "env.proj");
        Directory.CreateDirectory(_dir.Combine("repo"));
        File.WriteAllText(_dir.Combine("outside.props"), "<Project><PropertyGroup><GitUserNam>j</GitUserNam></PropertyGroup></Project>");
        File.WriteAllText(project, """
            <!DOCTYPE Project [<!ENTITY x "GitUserNam">]>
            <Project><Import Project="../outside.props" /><PropertyGroup><GitUserNam>j</GitUserNam></PropertyGroup></Project>
            """);
        Assert.Empty(HomeWrittenNames.Read(project, [_dir.Combine("outside.props")]));
    }
}
