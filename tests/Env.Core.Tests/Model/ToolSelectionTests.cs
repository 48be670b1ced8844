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
}
