using Env.Core.Fetching;

namespace Env.Core.Tests.Fetching;

public sealed class UrlRedactionTests
{
    [Theory]
    [InlineData("https://user:pa55@host.test/x.tar.gz", "https://***@host.test/x.tar.gz")]
    [InlineData("https://user@host.test/x", "https://***@host.test/x")]
    [InlineData("https://us:p@ss@host.test/x", "https://***@host.test/x")]
    [InlineData("https://host.test/x?token=abc&v=1", "https://host.test/x?token=***&v=1")]
    [InlineData("https://host.test/x?v=1&X-Amz-Signature=abc&X-Amz-Credential=AKIA%2F1&X-Amz-Date=2026", "https://host.test/x?v=1&X-Amz-Signature=***&X-Amz-Credential=***&X-Amz-Date=2026")]
    [InlineData("https://acct.blob.test/c/x.zip?sv=2024&sig=abc%3D&se=2027", "https://acct.blob.test/c/x.zip?sv=2024&sig=***&se=2027")]
    [InlineData("https://host.test/x?private_token=abc#frag", "https://host.test/x?private_token=***#frag")]
    [InlineData("https://host.test/x?api_key=abc", "https://host.test/x?api_key=***")]
    [InlineData("cannot reach 'https://a:b@h.test/x?password=p', then", "cannot reach 'https://***@h.test/x?password=***', then")]
    [InlineData("ftp://host.test/x%3Ftoken=abc%26v=1", "ftp://host.test/x%3Ftoken=***%26v=1")]
    [InlineData("https://host.test/plain/x.tar.gz", "https://host.test/plain/x.tar.gz")]
    [InlineData("file:///srv/mail@home/x.tar.gz", "file:///srv/mail@home/x.tar.gz")]
    [InlineData("vendor/x.tar.gz", "vendor/x.tar.gz")]
    public void Secrets_are_masked_and_the_rest_is_kept(string text, string expected) =>
        Assert.Equal(expected, UrlRedaction.Redact(text));
}
