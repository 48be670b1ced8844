using System.Text;
using Env.Core.Home;
using Env.Core.Shell;

namespace Env.Core.Tests.Home;

public sealed class HomeGenerationDiffTests
{
    private static HomeFileEntry File(string path, string sha = "a", bool executable = false, HomeFileMode mode = HomeFileMode.Link) =>
        new(path, mode, executable, sha.PadRight(64, '0'), 1);

    private static HomeManifest Manifest(IReadOnlyList<HomeToolEntry>? tools, IReadOnlyList<HomeFileEntry> files, params EnvVariable[] variables) =>
        new() { Name = "t", Profile = "/p", Tools = tools, Variables = variables, Files = files, Activations = [] };

    private static readonly HomeManifest Old = Manifest(
        [new("csharpier", "1.2.0"), new("rg", "14.1.0"), new("jq", "1.7")],
        [File(".bashrc"), File(".gitconfig"), File(".config/nvim/init.lua"), File(".local/bin/x"), File(".settings", mode: HomeFileMode.Copy)],
        EnvVariable.Create("EDITOR", "vi", null), EnvVariable.Create("PAGER", "less", null), EnvVariable.Create("MANPATH", EnvVarOp.Prepend, "/a", null));

    private static readonly HomeManifest New = Manifest(
        [new("csharpier", "1.3.0"), new("jq", "1.7"), new("dotnet-outdated", "4.6.0")],
        [File(".bashrc"), File(".gitconfig", "b"), File(".config/nvim/lua/plugins.lua"), File(".local/bin/x", executable: true), File(".settings")],
        EnvVariable.Create("EDITOR", "nvim", null), EnvVariable.Create("MANPATH", EnvVarOp.Prepend, "/a", null), EnvVariable.Create("MANPATH", EnvVarOp.Append, "/b", null),
        EnvVariable.Create("LESS", EnvVarOp.Unset, "", null));

    [Fact]
    public void Tools_files_and_variables_added_removed_and_changed_in_a_stable_text()
    {
        var diff = HomeGenerationDiff.Between(Old, New);
        Assert.False(diff.IsEmpty);
        Assert.Equal("""
            tools:
              + dotnet-outdated 4.6.0
              - rg 14.1.0
              ~ csharpier 1.2.0 → 1.3.0
            files:
              + ~/.config/nvim/lua/plugins.lua
              - ~/.config/nvim/init.lua
              ~ ~/.gitconfig
              ~ ~/.local/bin/x
              ~ ~/.settings
            variables:
              + unset LESS
              - PAGER=less
              ~ EDITOR=vi → EDITOR=nvim
              ~ MANPATH prepend /a → MANPATH prepend /a, MANPATH append /b
            """, string.Join("\n", diff.Lines()));
    }

    [Fact]
    public void The_same_generation_twice_differs_in_nothing_and_a_first_switch_adds_everything()
    {
        Assert.True(HomeGenerationDiff.Between(New, New).IsEmpty);
        Assert.Empty(HomeGenerationDiff.Between(New, New).Lines());
        var first = HomeGenerationDiff.Between(null, Old).Lines(maxPerSection: 2);
        Assert.Equal("""
            tools:
              + csharpier 1.2.0
              + jq 1.7
              … and 1 more
            files:
              + ~/.bashrc
              + ~/.config/nvim/init.lua
              … and 3 more
            variables:
              + EDITOR=vi
              + MANPATH prepend /a
              … and 1 more
            """, string.Join("\n", first));
    }

    [Fact]
    public void A_generation_that_did_not_record_its_tools_says_so_and_the_rest_is_compared()
    {
        var older = Old with { Tools = null };
        var text = string.Join("\n", HomeGenerationDiff.Between(older, New, "generation 1", "generation 2").Lines());
        Assert.StartsWith("tools: not compared: generation 1 does not record its tools (an older Env.Sdk built it)\nfiles:\n", text);
        Assert.False(HomeGenerationDiff.Between(older, older).IsEmpty);

        // A manifest written before tools were recorded reads as not recording them, and one with none as none.
        var json = Encoding.UTF8.GetString((Old with { Tools = null }).ToJson());
        Assert.DoesNotContain("\"tools\"", json);
        Assert.Null(HomeManifest.Parse(Encoding.UTF8.GetBytes(json), null).Tools);
        Assert.Empty(HomeManifest.Parse((Old with { Tools = [] }).ToJson(), null).Tools!);
        Assert.Equal(New.Tools!.OrderBy(t => t.Name, StringComparer.Ordinal), HomeManifest.Parse(New.ToJson(), null).Tools!);
    }
}
