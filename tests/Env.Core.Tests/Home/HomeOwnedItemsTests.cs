using Env.Core.Diagnostics;
using Env.Core.Home;
using Env.Core.Shell;

namespace Env.Core.Tests.Home;

/// <summary>Aliases and variables from modules and the user: the same kept once, different values an error naming both.</summary>
public sealed class HomeOwnedItemsTests
{
    private static (string, IReadOnlyDictionary<string, string>) Item(string include, params (string Key, string Value)[] metadata) =>
        (include, metadata.ToDictionary(m => m.Key, m => m.Value, StringComparer.OrdinalIgnoreCase));

    [Fact]
    public void Two_owners_giving_one_alias_different_commands_is_ENV0063_naming_both()
    {
        var e = Assert.Throws<EnvException>(() => HomeOwnedItems.Resolve("ShellAlias", [
            Item("g", ("Command", "git"), ("Module", "Env.Home.Git")),
            Item("G", ("Command", "grep"), ("DefiningProjectFullPath", "/repo/homes/j.props")),
        ], "env.proj"));
        Assert.Equal(EnvCode.ENV0063, e.Code);
        Assert.Contains("module Env.Home.Git", e.Message);
        Assert.Contains("your configuration (/repo/homes/j.props)", e.Message);
        e = Assert.Throws<EnvException>(() => HomeOwnedItems.Resolve("EnvVar", [
            Item("EDITOR", ("Value", "vim"), ("Module", "Env.Home.Vim")),
            Item("EDITOR", ("Value", "emacs"), ("Module", "Env.Home.Emacs")),
        ], "env.proj"));
        Assert.Equal(EnvCode.ENV0063, e.Code);
        Assert.Contains("module Env.Home.Vim", e.Message);
        Assert.Contains("module Env.Home.Emacs", e.Message);
    }

    [Fact]
    public void The_same_item_from_a_module_and_another_owner_is_kept_once_and_owner_metadata_is_gone()
    {
        var items = HomeOwnedItems.Resolve("ShellAlias", [
            Item("ll", ("Command", "ls -l"), ("Module", "Env.Home.Bash")),
            Item("ll", ("Command", "ls -l"), ("Module", "Env.Home.Zsh")),
            Item("gs", ("Command", "git status"), ("DefiningProjectFullPath", "/repo/env.proj")),
        ], "env.proj");
        Assert.Equal(["ll", "gs"], items.Select(i => i.Include));
        Assert.All(items, i => Assert.Equal(["Command"], i.Metadata.Keys));
        Assert.Equal(2, ShellAliasParser.ParseAll(items, "env.proj").Count);
    }

    [Fact]
    public void Prepends_from_several_owners_add_up_and_the_users_own_duplicates_stay_the_parsers_to_judge()
    {
        var path = HomeOwnedItems.Resolve("EnvVar", [
            Item("PATH", ("Prepend", "/a"), ("Module", "Env.Home.A")),
            Item("PATH", ("Prepend", "/b")),
            Item("PATH", ("Prepend", "/a"), ("Module", "Env.Home.B")),
        ], "env.proj");
        Assert.Equal(["/a", "/b"], path.Select(i => i.Metadata["Prepend"]));
        var users = HomeOwnedItems.Resolve("ShellAlias", [Item("ll", ("Command", "a")), Item("ll", ("Command", "b"))], "env.proj");
        Assert.Equal(EnvCode.ENV0033, Assert.Throws<EnvException>(() => ShellAliasParser.ParseAll(users, "env.proj")).Code);
    }
}
