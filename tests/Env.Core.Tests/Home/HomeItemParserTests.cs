using Env.Core.Diagnostics;
using Env.Core.Home;

namespace Env.Core.Tests.Home;

public sealed class HomeItemParserTests
{
    private static IReadOnlyList<HomeFileSpec> Parse(string include, params (string Key, string Value)[] metadata) =>
        HomeFileSpecParser.ParseAll([(include, metadata.ToDictionary(m => m.Key, m => m.Value))], "env.proj");

    [Fact]
    public void A_file_a_folder_and_text_with_their_modes()
    {
        var file = Parse(".config/git/config", ("Source", "dotfiles/gitconfig"))[0];
        Assert.Equal(new HomeFileSpec(".config/git/config", "dotfiles/gitconfig", null, HomeFileMode.Link, null), file);
        Assert.False(file.IsFolder);
        var folder = Parse(".config/nvim", ("Source", "dotfiles/nvim/"), ("Mode", "copy"), ("Executable", "True"))[0];
        Assert.True(folder.IsFolder);
        Assert.Equal(HomeFileMode.Copy, folder.Mode);
        Assert.True(folder.Executable);
        var text = Parse(".hushlogin", ("Text", ""), ("Executable", "false"))[0];
        Assert.Equal("", text.Text);
        Assert.False(text.Executable);
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("../outside")]
    [InlineData(".config/../../x")]
    [InlineData(".config//x")]
    [InlineData(".config/")]
    [InlineData("a\\b")]
    [InlineData("")]
    [InlineData("a\nb")]
    public void An_include_that_is_not_a_plain_place_in_the_home_is_ENV0042(string include)
    {
        var e = Assert.Throws<EnvException>(() => Parse(include, ("Text", "x")));
        Assert.Equal(EnvCode.ENV0042, e.Code);
        Assert.Equal("env.proj", e.File);
    }

    [Fact]
    public void Metadata_must_say_exactly_one_of_source_or_text_and_known_values_else_ENV0043()
    {
        foreach (var metadata in new[]
                 {
                     Array.Empty<(string, string)>(),
                     [("Source", "a"), ("Text", "b")],
                     [("Source", "a"), ("Mod", "Copy")],
                     [("Source", "a"), ("Mode", "Symlink")],
                     [("Source", "a"), ("Executable", "yes")],
                 })
        {
            var e = Assert.Throws<EnvException>(() => Parse(".x", metadata));
            Assert.Equal(EnvCode.ENV0043, e.Code);
            Assert.Contains("'.x'", e.Message);
        }
    }

    [Fact]
    public void Activations_keep_item_order_and_refuse_what_is_not_a_named_command()
    {
        var parsed = HomeActivationParser.ParseAll([
            ("fonts", new Dictionary<string, string> { ["Command"] = "fc-cache -f" }),
            ("a-first", new Dictionary<string, string> { ["Command"] = "echo 'hi'" }),
        ], "env.proj");
        Assert.Equal([new HomeActivationEntry("fonts", "fc-cache -f"), new HomeActivationEntry("a-first", "echo 'hi'")], parsed);

        foreach (var (name, metadata) in new (string, Dictionary<string, string>)[]
                 {
                     ("x", new() { ["Command"] = " " }),
                     ("x", new() { ["Cmd"] = "ls" }),
                     ("bad name", new() { ["Command"] = "ls" }),
                     ("x", new() { ["Command"] = "a\0b" }),
                 })
        {
            Assert.Equal(EnvCode.ENV0047, Assert.Throws<EnvException>(() => HomeActivationParser.ParseAll([(name, metadata)], "env.proj")).Code);
        }
        var twice = Assert.Throws<EnvException>(() => HomeActivationParser.ParseAll([
            ("x", new Dictionary<string, string> { ["Command"] = "a" }),
            ("x", new Dictionary<string, string> { ["Command"] = "b" }),
        ], "env.proj"));
        Assert.Equal(EnvCode.ENV0047, twice.Code);
    }
}
