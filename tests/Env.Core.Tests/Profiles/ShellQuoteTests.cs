using Env.Core.Profiles;

namespace Env.Core.Tests.Profiles;

public sealed class ShellQuoteTests
{
    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("it's", "'it''s'")]
    [InlineData("it\u2019s \u2018x\u2019", "'it\u2019\u2019s \u2018\u2018x\u2019\u2019'")]
    [InlineData("$HOME `n \"q\"", "'$HOME `n \"q\"'")]
    public void PowerShell_doubles_every_quote_it_takes_as_one(string value, string quoted) =>
        Assert.Equal(quoted, ShellQuote.PowerShell(value));

    [Theory]
    [InlineData("a'b", "'a\\'b'")]
    [InlineData("a\\b", "'a\\\\b'")]
    [InlineData("$x \"y\"", "'$x \"y\"'")]
    public void Fish_escapes_backslash_and_quote_inside_single_quotes(string value, string quoted) =>
        Assert.Equal(quoted, ShellQuote.Fish(value));
}
