using Env.Core.Nix;

namespace Env.Core.Tests.Nix;

public class StorePathNameTests
{
    [Theory]
    [InlineData("hello.txt")]
    [InlineData("source")]
    [InlineData("a")]
    [InlineData("gcc-13.2.0+patch_1?x=y")]
    [InlineData("-leading-dash")]
    public void Accepts_names_nix_accepts(string name)
    {
        Assert.True(StorePathName.IsValid(name));
    }

    [Theory]
    [InlineData("")]
    [InlineData(".hidden")]
    [InlineData("with space")]
    [InlineData("slash/inside")]
    [InlineData("caf\u00e9")]
    [InlineData("colon:")]
    public void Rejects_names_nix_rejects(string name)
    {
        Assert.False(StorePathName.IsValid(name));
    }

    [Fact]
    public void Allows_at_most_211_characters()
    {
        Assert.True(StorePathName.IsValid(new string('x', 211)));
        Assert.False(StorePathName.IsValid(new string('x', 212)));
    }

    [Theory]
    [InlineData("hello.txt", "hello.txt")]
    [InlineData("..dotted", "dotted")]
    [InlineData("my file (1).tar", "my-file-1-.tar")]
    [InlineData("caf\u00e9 \u00e0 la", "caf-la")]
    [InlineData("...", "unknown")]
    [InlineData("", "unknown")]
    public void Sanitize_turns_any_text_into_a_valid_name_like_nixpkgs(string input, string expected)
    {
        var sanitized = StorePathName.Sanitize(input);

        Assert.Equal(expected, sanitized);
        Assert.True(StorePathName.IsValid(sanitized));
    }

    [Fact]
    public void Sanitize_keeps_the_last_211_characters_where_the_version_usually_is()
    {
        var sanitized = StorePathName.Sanitize(new string('a', 300) + "-1.2.3");

        Assert.Equal(211, sanitized.Length);
        Assert.EndsWith("-1.2.3", sanitized);
    }

    [Fact]
    public void Sanitize_does_not_leave_a_leading_dot_after_truncating()
    {
        var sanitized = StorePathName.Sanitize(new string('a', 300) + "." + new string('b', 210));

        Assert.True(StorePathName.IsValid(sanitized));
        Assert.Equal(new string('b', 210), sanitized);
    }
}
