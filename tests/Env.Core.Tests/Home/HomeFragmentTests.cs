using Env.Core.Diagnostics;
using Env.Core.Home;

namespace Env.Core.Tests.Home;

/// <summary>Fragments of one place joined into one file: order, ties, newlines, bounds, and who owns what.</summary>
public sealed class HomeFragmentTests
{
    private static (string, IReadOnlyDictionary<string, string>) Item(string include, params (string Key, string Value)[] metadata) =>
        (include, metadata.ToDictionary(m => m.Key, m => m.Value, StringComparer.OrdinalIgnoreCase));

    private static IReadOnlyList<HomeFragmentSpec> Parse(params (string, IReadOnlyDictionary<string, string>)[] items) => HomeFragmentParser.ParseAll(items, "env.proj");

    private static IReadOnlyList<HomeFileSpec> Merge(IReadOnlyList<HomeFileSpec> files, params (string, IReadOnlyDictionary<string, string>)[] items) =>
        HomeFragmentMerger.Merge(files, Parse(items), "env.proj");

    [Fact]
    public void Fragments_are_joined_by_order_then_item_order_each_ending_in_one_newline()
    {
        var merged = Merge([],
            Item(".bashrc", ("Text", "user line"), ("DefiningProjectFullPath", "/repo/env.proj")),
            Item(".bashrc", ("Text", "prompt init\n"), ("Order", "1500"), ("Module", "Env.Home.Starship")),
            Item(".bashrc", ("Text", "HISTSIZE=1\nHISTFILESIZE=2"), ("Order", "100"), ("Module", "Env.Home.Bash")),
            Item(".bashrc", ("Text", "second user line\n\n"), ("Order", "1000"), ("DefiningProjectFullPath", "/repo/env.proj")),
            Item(".bashrc", ("Text", ""), ("Order", "5"), ("DefiningProjectFullPath", "/repo/env.proj")),
            Item(".bashrc", ("Text", "session"), ("Order", "500"), ("Module", "Env.Home.Bash")));
        var file = Assert.Single(merged);
        Assert.Equal(".bashrc", file.Path);
        Assert.Equal("HISTSIZE=1\nHISTFILESIZE=2\nsession\nuser line\nsecond user line\n\nprompt init\n", file.Text);
        Assert.Null(file.Source);
        Assert.Equal(HomeFileMode.Link, file.Mode);
        Assert.Equal(["your configuration (/repo/env.proj)", "module Env.Home.Bash", "module Env.Home.Starship"], file.FragmentOwners.Select(o => o.Describe()));
    }

    [Fact]
    public void HomeFiles_come_first_and_each_place_is_one_file_in_the_order_places_first_appear()
    {
        var gitconfig = new HomeFileSpec(".gitconfig", "dotfiles/gitconfig", null, HomeFileMode.Link, null);
        var merged = Merge([gitconfig], Item(".zshrc", ("Text", "z")), Item(".bashrc", ("Text", "b")), Item(".zshrc", ("Text", "y"), ("Order", "1")));
        Assert.Equal([".gitconfig", ".zshrc", ".bashrc"], merged.Select(f => f.Path));
        Assert.Equal("y\nz\n", merged[1].Text);
        Assert.Same(gitconfig, merged[0]);
    }

    [Fact]
    public void Executable_and_OnChange_of_a_place_are_its_fragments_and_must_agree()
    {
        var merged = Merge([],
            Item("bin/hello", ("Text", "#!/bin/sh"), ("Order", "0"), ("Executable", "true"), ("OnChange", "echo a")),
            Item("bin/hello", ("Text", "echo hi"), ("OnChange", "echo b")),
            Item("bin/hello", ("Text", "echo bye"), ("OnChange", "echo a")));
        var file = Assert.Single(merged);
        Assert.True(file.Executable);
        Assert.Equal([new HomeOnChangeEntry("bin/hello", "echo a"), new HomeOnChangeEntry("bin/hello", "echo b")], HomeOnChange.Of(merged));
        var e = Assert.Throws<EnvException>(() => Merge([],
            Item("bin/x", ("Text", "a"), ("Executable", "true"), ("Module", "Env.Home.A")),
            Item("bin/x", ("Text", "b"), ("Executable", "false"))));
        Assert.Equal(EnvCode.ENV0062, e.Code);
        Assert.Contains("module Env.Home.A", e.Message);
        Assert.Contains("your configuration", e.Message);
    }

    [Fact]
    public void A_HomeFile_and_fragments_at_one_place_is_ENV0045_naming_both_owners()
    {
        var file = HomeFileSpecParser.ParseAll([Item(".bashrc", ("Text", "mine"), ("DefiningProjectFullPath", "/repo/homes/j.props"))], "env.proj");
        var e = Assert.Throws<EnvException>(() => Merge(file, Item(".bashrc", ("Text", "x"), ("Module", "Env.Home.Bash"))));
        Assert.Equal(EnvCode.ENV0045, e.Code);
        Assert.Contains("the HomeFile of your configuration (/repo/homes/j.props)", e.Message);
        Assert.Contains("module Env.Home.Bash", e.Message);
    }

    [Fact]
    public void Two_HomeFiles_at_one_place_is_ENV0045_naming_both_owners()
    {
        using var dir = new TempDir("envsdk-frag-");
        var files = HomeFileSpecParser.ParseAll([
            Item(".gitconfig", ("Text", "a"), ("Module", "Env.Home.Git")),
            Item(".gitconfig", ("Text", "b"), ("DefiningProjectFullPath", "/repo/env.proj")),
        ], "env.proj");
        var e = Assert.Throws<EnvException>(() =>
            new HomeSourceResolver(dir.Path, dir.Path, [], 1 << 20, "env.proj").Resolve(files));
        Assert.Equal(EnvCode.ENV0045, e.Code);
        Assert.Contains("the HomeFile of module Env.Home.Git and the HomeFile of your configuration (/repo/env.proj)", e.Message);
    }

    [Fact]
    public void A_joined_file_over_the_cap_is_ENV0062_and_a_fragment_over_its_cap_is_ENV0061()
    {
        var big = new string('x', HomeFragmentParser.MaxTextBytes - 1);
        var items = Enumerable.Range(0, HomeFragmentMerger.MaxFileBytes / HomeFragmentParser.MaxTextBytes + 1).Select(_ => Item(".big", ("Text", big))).ToArray();
        Assert.Equal(EnvCode.ENV0062, Assert.Throws<EnvException>(() => Merge([], items)).Code);
        Assert.Equal(EnvCode.ENV0061, Assert.Throws<EnvException>(() => Parse(Item(".big", ("Text", big + "yy")))).Code);
    }

    [Theory]
    [InlineData("Order", "-1")]
    [InlineData("Order", "100001")]
    [InlineData("Order", "1e3")]
    [InlineData("Order", "early")]
    [InlineData("Executable", "yes")]
    [InlineData("Ordre", "5")]
    [InlineData("OnChange", " ")]
    public void Wrong_metadata_is_ENV0061_naming_the_module(string key, string value)
    {
        var e = Assert.Throws<EnvException>(() => Parse(Item(".bashrc", ("Text", "x"), (key, value), ("Module", "Env.Home.Bash"))));
        Assert.Equal(EnvCode.ENV0061, e.Code);
        Assert.Contains("module Env.Home.Bash", e.Message);
    }

    [Fact]
    public void No_Text_is_ENV0061_and_a_bad_place_is_ENV0042()
    {
        Assert.Equal(EnvCode.ENV0061, Assert.Throws<EnvException>(() => Parse(Item(".bashrc"))).Code);
        Assert.Equal(EnvCode.ENV0042, Assert.Throws<EnvException>(() => Parse(Item("../.bashrc", ("Text", "x")))).Code);
        Assert.Equal(0, Parse(Item(".a", ("Text", "x"), ("Order", "0")))[0].Order);
        Assert.Equal(HomeFragmentParser.DefaultOrder, Parse(Item(".a", ("Text", "x"), ("Order", "")))[0].Order);
    }
}
