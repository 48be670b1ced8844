using Env.Core.Diagnostics;
using Env.Core.Model;
using Env.Core.Profiles;

namespace Env.Core.Tests.Model;

public sealed class CommandNameTests
{
    [Theory]
    [InlineData("rg")]
    [InlineData("dotnet-ef")]
    [InlineData("a.b_c+d")]
    [InlineData("my tool")]
    [InlineData("été")]
    public void Plain_file_names_are_commands(string name) => Assert.True(CommandName.IsValid(name));

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("../../x")]
    [InlineData("/home/u/.bashrc")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("C:\\x")]
    [InlineData("x\0y")]
    [InlineData("x\n")]
    [InlineData("\u001b[2Jx")]
    [InlineData("-rf")]
    public void Anything_else_is_refused_with_ENV0017_naming_the_file(string name)
    {
        Assert.False(CommandName.IsValid(name));
        var ex = Assert.Throws<EnvException>(() => CommandName.Check(name, "t", "a test", "Fix it.", "/repo/env.proj"));
        Assert.Equal(EnvCode.ENV0017, ex.Code);
        Assert.Equal("/repo/env.proj", ex.File);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.DoesNotContain('\u001b', ex.Message);
    }

    [Fact]
    public void A_name_longer_than_a_file_system_allows_is_refused()
    {
        Assert.True(CommandName.IsValid(new string('a', 255)));
        Assert.False(CommandName.IsValid(new string('a', 256)));
        Assert.False(CommandName.IsValid(new string('é', 128)));
    }

    [Theory]
    [InlineData("ls\u202Etxt.exe")]  // right-to-left override: shows as "lsexe.txt"
    [InlineData("dotnet\u200B")]     // zero-width space: looks like "dotnet"
    [InlineData("g\u200Dit")]        // zero-width joiner
    [InlineData("\u2066rg\u2069")]   // bidi isolates
    [InlineData("\uFEFFnode")]       // byte order mark
    [InlineData("x\U000E0041")]      // a tag character (outside the BMP)
    public void Names_with_bidi_or_zero_width_characters_mislead_a_reader_and_are_refused(string name)
    {
        Assert.Contains("invisible character", CommandName.Problem(name));
        var ex = Assert.Throws<EnvException>(() => CommandName.Check(name, "t", "a test", "Fix it.", "/repo/env.proj"));
        Assert.Equal(EnvCode.ENV0017, ex.Code);
        // The message shows the character escaped, never the character itself.
        Assert.DoesNotContain(name, ex.Message, StringComparison.Ordinal);
        Assert.Contains("\\u", ex.Message.Replace("\\U", "\\u"));
    }

    [Fact]
    public void A_long_name_is_echoed_bounded()
    {
        var ex = Assert.Throws<EnvException>(() => CommandName.Check(new string('a', 100_000), "t", "a test", "Fix it.", null));
        Assert.True(ex.Message.Length < 1000, $"{ex.Message.Length} characters");
    }
}
