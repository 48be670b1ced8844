using Env.Core.Diagnostics;
using Env.Core.Model;
using Env.Core.ToolSets;

namespace Env.Core.Tests.ToolSets;

/// <summary>env.proj's Tool items against the sets it uses, and MSBuild's items against the set files.</summary>
public sealed class ToolSetResolverTests : IDisposable
{
    private const string Sri = "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=";
    private const string Project = "/repo/env.proj";
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private ToolSet Set(string name, string items)
    {
        var path = _dir.Combine(name + ".props");
        File.WriteAllText(path, $"<Project><ItemGroup>{items}</ItemGroup></Project>");
        return ToolSetFile.ReadSet(path);
    }

    private ToolSet Contoso => Set("contoso", $"""
        <ToolDefinition Include="protoc" Version="33.1" Rid="linux-x64" Url="https://example.org/linux.zip" Hash="{Sri}" />
        <ToolDefinition Include="protoc" Version="33.1" Rid="osx" Url="https://example.org/osx.zip" Hash="{Sri}" />
        <ToolDefinition Include="csharpier" Version="1.3.0" />
        """);

    private ToolSet Other => Set("other", """<ToolDefinition Include="csharpier" Version="0.30.0" />""");

    private static (string, IReadOnlyDictionary<string, string>) Tool(string name, params (string Key, string Value)[] metadata) =>
        (name, metadata.ToDictionary(m => m.Key, m => m.Value, StringComparer.OrdinalIgnoreCase));

    private static IReadOnlyList<ToolSpec> Resolve(IReadOnlyList<ToolSet> sets, params (string, IReadOnlyDictionary<string, string>)[] tools) =>
        ToolSetResolver.Resolve(tools, sets, Project);

    private static EnvException Refused(EnvCode code, IReadOnlyList<ToolSet> sets, params (string, IReadOnlyDictionary<string, string>)[] tools)
    {
        var e = Assert.Throws<EnvException>(() => Resolve(sets, tools));
        Assert.Equal(code, e.Code);
        Assert.Equal(Project, e.File);
        return e;
    }

    [Fact]
    public void A_named_tool_takes_every_platform_from_the_set()
    {
        var specs = Resolve([Contoso], Tool("protoc"), Tool("jq", ("Version", "1.7"), ("Url", "https://example.org/jq.tar.gz"), ("Hash", Sri)));
        Assert.Equal(["linux-x64", "osx"], specs.Where(s => s.Name == "protoc").Select(s => s.LockRid));
        Assert.All(specs.Where(s => s.Name == "protoc"), s => Assert.EndsWith("contoso.props", s.DeclaredIn));
        Assert.Equal(Project, Assert.Single(specs, s => s.Name == "jq").DeclaredIn);
    }

    [Fact]
    public void A_tool_item_with_its_own_version_wins_over_the_set()
    {
        var spec = Assert.Single(Resolve([Contoso], Tool("csharpier", ("Version", "1.2.0"))));
        Assert.Equal("1.2.0", spec.Version);
        Assert.Equal(Project, spec.DeclaredIn);
    }

    [Fact]
    public void Without_a_set_an_item_without_version_is_what_it_always_was()
    {
        Refused(EnvCode.ENV0010, [], Tool("csharpier"));
    }

    [Fact]
    public void An_unknown_name_lists_what_the_sets_define()
    {
        var e = Refused(EnvCode.ENV0050, [Contoso], Tool("ripgrep"));
        Assert.Contains("contoso defines: csharpier, protoc.", e.Message);
    }

    [Fact]
    public void A_name_two_sets_define_needs_the_env_to_name_one()
    {
        var e = Refused(EnvCode.ENV0051, [Contoso, Other], Tool("csharpier"));
        Assert.Contains("ToolSet=\"contoso\"", e.Message);
        Assert.Equal("0.30.0", Assert.Single(Resolve([Contoso, Other], Tool("csharpier", ("ToolSet", "OTHER")))).Version);
        // The one that only one set defines needs no name.
        Assert.Equal(2, Resolve([Contoso, Other], Tool("protoc")).Count);
    }

    [Fact]
    public void A_set_name_must_be_in_use_and_define_the_tool()
    {
        Assert.Contains("Sets in use: contoso, other", Refused(EnvCode.ENV0052, [Contoso, Other], Tool("csharpier", ("ToolSet", "nope"))).Message);
        Assert.Contains("csharpier", Refused(EnvCode.ENV0055, [Contoso, Other], Tool("protoc", ("ToolSet", "other"))).Message);
        Refused(EnvCode.ENV0052, [], Tool("csharpier", ("ToolSet", "contoso")));
    }

    [Fact]
    public void A_tool_from_a_set_takes_no_other_metadata_and_is_not_mixed()
    {
        Refused(EnvCode.ENV0053, [Contoso], Tool("protoc", ("Bin", "bin/sh")));
        Refused(EnvCode.ENV0053, [Contoso], Tool("csharpier", ("ToolSet", "contoso"), ("Version", "1.0.0")));
        Refused(EnvCode.ENV0054, [Contoso], Tool("protoc"), Tool("protoc"));
        Refused(EnvCode.ENV0054, [Contoso], Tool("protoc"), Tool("protoc", ("Version", "1"), ("Rid", "win"), ("Url", "https://example.org/w.zip"), ("Hash", Sri)));
    }

    [Fact]
    public void A_tool_from_a_set_may_say_where_it_exists_here_which_replaces_what_the_set_says()
    {
        var specs = Resolve([Contoso], Tool("protoc", ("Optional", "true")), Tool("csharpier", ("Platforms", "linux;osx")));
        Assert.All(specs.Where(s => s.Name == "protoc"), s => Assert.True(s.Optional));
        Assert.Equal(["linux", "osx"], Assert.Single(specs, s => s.Name == "csharpier").Platforms);
        Assert.Equal(["csharpier", "protoc"], ToolSelection.Choose(specs, "win-x64").Absent.Order());
        Assert.Equal(EnvCode.ENV0057, Refused(EnvCode.ENV0057, [Contoso], Tool("protoc", ("Platforms", "lnux"))).Code);
    }

    [Fact]
    public void Msbuilds_items_must_be_what_the_set_file_says()
    {
        var path = _dir.Combine("set.props");
        File.WriteAllText(path, """<Project><ItemGroup><ToolDefinition Include="jq" Version="1.7" Package="Jq%2ETool" /></ItemGroup></Project>""");
        ToolDefinitionItem Item(string version) =>
            new("jq", new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Version"] = version, ["package"] = "Jq.Tool" }, path, 0);

        var set = Assert.Single(EvaluatedToolSets.From([Item("1.7")], Project));
        Assert.Equal("Jq.Tool", Assert.Single(set.Definitions).PackageId);

        var e = Assert.Throws<EnvException>(() => EvaluatedToolSets.From([Item("2.0")], Project));
        Assert.Equal(EnvCode.ENV0444, e.Code);
        Assert.Contains("Version is '2.0' to MSBuild, '1.7' in the file", e.Message);
        Assert.Equal(EnvCode.ENV0444, Assert.Throws<EnvException>(() => EvaluatedToolSets.From([Item("1.7"), Item("1.7")], Project)).Code);
        Assert.Equal(EnvCode.ENV0056, Assert.Throws<EnvException>(() => EvaluatedToolSets.From([Item("1.7") with { File = Project }], Project)).Code);
        Assert.Equal(EnvCode.ENV0056, Assert.Throws<EnvException>(() => EvaluatedToolSets.From([Item("1.7") with { File = "" }], Project)).Code);
    }
}
