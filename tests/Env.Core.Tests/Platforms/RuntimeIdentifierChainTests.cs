using Env.Core.Platforms;
using Env.Core.Tools;

namespace Env.Core.Tests.Platforms;

public sealed class RuntimeIdentifierChainTests
{
    [Theory]
    [InlineData("linux-x64", "linux-x64 linux unix any")]
    [InlineData("linux-musl-x64", "linux-musl-x64 linux-x64 linux unix any")]
    [InlineData("linux-musl-arm64", "linux-musl-arm64 linux-arm64 linux unix any")]
    [InlineData("osx-arm64", "osx-arm64 osx unix any")]
    [InlineData("win-x64", "win-x64 win any")]
    [InlineData("win-arm64", "win-arm64 win any")]
    [InlineData("freebsd-x64", "freebsd-x64 freebsd unix any")]
    [InlineData("linux", "linux unix any")]
    [InlineData("unix", "unix any")]
    [InlineData("any", "any")]
    public void Portable_rids_fall_back_from_most_to_least_specific(string rid, string expected) =>
        Assert.Equal(expected.Split(' '), RuntimeIdentifierChain.Fallbacks(rid));

    [Theory]
    [InlineData("win10-x64", "win10-x64 win-x64 win any")]
    [InlineData("ubuntu.22.04-x64", "ubuntu.22.04-x64 linux-x64 linux unix any")]
    [InlineData("alpine.3.20-arm64", "alpine.3.20-arm64 linux-musl-arm64 linux-arm64 linux unix any")]
    [InlineData("osx.13-arm64", "osx.13-arm64 osx-arm64 osx unix any")]
    [InlineData("Linux-X64", "linux-x64 linux unix any")]
    public void Legacy_and_oddly_cased_rids_continue_with_their_portable_equivalent(string rid, string expected) =>
        Assert.Equal(expected.Split(' '), RuntimeIdentifierChain.Fallbacks(rid));

    [Fact]
    public void Unknown_rid_falls_back_to_any() =>
        Assert.Equal(["plan9-x64", "any"], RuntimeIdentifierChain.Fallbacks("plan9-x64"));

    [Fact]
    public void Current_rid_is_portable_and_matches_this_os()
    {
        var rid = RuntimeIdentifierChain.Current();

        Assert.DoesNotContain(".", rid);
        var chain = RuntimeIdentifierChain.Fallbacks(rid);
        Assert.Equal(rid, chain[0]);
        Assert.Equal("any", chain[^1]);
        if (OperatingSystem.IsLinux())
        {
            Assert.StartsWith("linux-", rid);
            if (File.Exists("/etc/alpine-release")) Assert.StartsWith("linux-musl-", rid);
        }
        if (OperatingSystem.IsMacOS()) Assert.StartsWith("osx-", rid);
        if (OperatingSystem.IsWindows()) Assert.StartsWith("win-", rid);
    }
}
