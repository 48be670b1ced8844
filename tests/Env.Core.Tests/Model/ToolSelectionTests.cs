using Env.Core.Diagnostics;
using Env.Core.Model;
using Env.Core.Tools;

namespace Env.Core.Tests.Model;

public sealed class ToolSelectionTests
{
    private static ToolSpec Item(string name, string? rid) => new() { Name = name, Version = "1", Rid = rid, DeclaredIn = "env.proj" };

    [Theory]
    [InlineData("linux-musl-x64", "linux-musl-x64")]
    [InlineData("linux-x64", "linux")]
    [InlineData("osx-arm64", "any")]
    public void The_first_RID_of_the_fallback_chain_that_an_item_names_wins(string platform, string expected)
    {
        var picked = ToolSelection.ForPlatform([Item("t", null), Item("t", "linux"), Item("t", "linux-musl-x64")], platform);
        Assert.Equal(expected, Assert.Single(picked).LockRid);
    }

    [Fact]
    public void A_tool_with_nothing_for_the_platform_is_refused_listing_what_it_offers()
    {
        var ex = Assert.Throws<EnvException>(() => ToolSelection.ForPlatform([Item("t", "osx-arm64"), Item("t", "win-x64")], "linux-x64"));
        Assert.Equal(EnvCode.ENV0005, ex.Code);
        Assert.Contains("osx-arm64, win-x64", ex.Message);
    }

    [Fact]
    public void Two_items_of_one_tool_for_the_same_RID_are_refused()
    {
        var ex = Assert.Throws<EnvException>(() => ToolSelection.GroupByTool([Item("t", "linux-x64"), Item("T", "LINUX-X64")]));
        Assert.Equal(EnvCode.ENV0014, ex.Code);
    }

    private static ToolSpec Optional(string name, string? rid) => Item(name, rid) with { Optional = true };

    private static ToolSpec Only(string name, string? rid, params string[] platforms) => Item(name, rid) with { Platforms = platforms };

    [Fact]
    public void An_optional_tool_with_nothing_for_the_platform_is_absent_there_and_the_others_are_chosen()
    {
        var choice = ToolSelection.Choose([Optional("shellcheck", "linux-x64"), Item("jq", null)], "win-x64");
        Assert.Equal(["jq"], choice.Tools.Select(t => t.Name));
        Assert.Equal(["shellcheck"], choice.Absent);
        Assert.Equal("shellcheck not available on win-x64", choice.AbsentNote);

        var onLinux = ToolSelection.Choose([Optional("shellcheck", "linux-x64"), Item("jq", null)], "linux-musl-x64");
        Assert.Equal(["jq", "shellcheck"], onLinux.Tools.Select(t => t.Name).Order());
        Assert.Empty(onLinux.Absent);
        Assert.Null(onLinux.AbsentNote);
    }

    [Fact]
    public void One_item_saying_Optional_is_enough_for_the_tool()
    {
        var choice = ToolSelection.Choose([Item("t", "linux-x64"), Optional("t", "osx-arm64")], "win-x64");
        Assert.Equal(["t"], choice.Absent);
    }

    [Theory]
    [InlineData("linux-x64", true)]
    [InlineData("linux-musl-arm64", true)]
    [InlineData("osx-arm64", true)]
    [InlineData("osx-x64", false)]
    [InlineData("win-x64", false)]
    public void Platforms_leave_out_every_platform_whose_chain_names_none_of_them_even_with_an_item_for_any(string rid, bool has)
    {
        var choice = ToolSelection.Choose([Only("t", null, "linux", "osx-arm64")], rid);
        Assert.Equal(has, choice.Tools.Count == 1);
        Assert.Equal(!has, choice.Absent.Contains("t"));
    }

    [Fact]
    public void A_listed_platform_without_an_item_is_still_ENV0005_unless_the_tool_is_optional()
    {
        var ex = Assert.Throws<EnvException>(() => ToolSelection.Choose([Only("t", "linux-x64", "linux-x64", "osx-arm64")], "osx-arm64"));
        Assert.Equal(EnvCode.ENV0005, ex.Code);
        Assert.Contains("Optional=\"true\"", ex.Message);

        var survey = ToolSelection.Survey([Only("t", "linux-x64", "linux-x64", "osx-arm64")], "osx-arm64");
        Assert.Equal("t", Assert.Single(survey.Uncovered)[0].Name);
    }

    [Fact]
    public void Items_that_disagree_about_where_the_tool_exists_are_ENV0058()
    {
        Assert.Equal(EnvCode.ENV0058, Assert.Throws<EnvException>(() => ToolSelection.GroupByTool([Optional("t", "linux-x64"), Item("t", "osx-arm64") with { Optional = false }])).Code);
        Assert.Equal(EnvCode.ENV0058, Assert.Throws<EnvException>(() => ToolSelection.GroupByTool([Only("t", "linux-x64", "linux-x64"), Only("t", "osx-arm64", "osx-arm64")])).Code);
        // The same list in another order or case is the same list.
        Assert.Single(ToolSelection.GroupByTool([Only("t", "linux-x64", "linux-x64", "osx-arm64"), Only("t", "osx-arm64", "OSX-arm64", "linux-x64")]));
    }

    [Fact]
    public void An_item_no_listed_platform_would_use_is_ENV0057()
    {
        var ex = Assert.Throws<EnvException>(() => ToolSelection.GroupByTool([Only("t", "linux-x64", "linux-x64"), Item("t", "win-x64")]));
        Assert.Equal(EnvCode.ENV0057, ex.Code);
        Assert.Contains("win-x64", ex.Message);
        // A more general item (linux) serves a listed linux-x64, and a more specific one (linux-musl-x64) a listed linux.
        Assert.Single(ToolSelection.GroupByTool([Only("t", "linux", "linux-x64")]));
        Assert.Single(ToolSelection.GroupByTool([Only("t", "linux-musl-x64", "linux")]));
    }
}
