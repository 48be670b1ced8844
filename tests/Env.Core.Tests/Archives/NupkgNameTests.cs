using Env.Core.Archives;
using Env.Core.Diagnostics;

namespace Env.Core.Tests.Archives;

/// <summary>A .nupkg percent-encodes its entry names; they are decoded, then judged by the same policy.</summary>
public sealed class NupkgNameTests
{
    [Fact]
    public void Percent_encoded_names_are_decoded_when_asked()
    {
        using var dir = new TempDir();
        var zip = new ZipBuilder().File("lib/a%2Bb.dll", "plus").File("tools/with%20space", "space").Save(dir, "p.nupkg");
        var destination = dir.Combine("out");
        ArchiveExtractor.Extract(zip, ArchiveFormat.Zip, destination, new ExtractionOptions("p", 1 << 20, StripRoot: false, UnescapeNames: true));
        Assert.Equal("plus", File.ReadAllText(Path.Combine(destination, "lib", "a+b.dll")));
        Assert.Equal("space", File.ReadAllText(Path.Combine(destination, "tools", "with space")));
    }

    [Fact]
    public void Names_are_kept_as_written_by_default()
    {
        using var dir = new TempDir();
        var zip = new ZipBuilder().File("lib/a%2Bb.dll", "plus").Save(dir, "p.zip");
        var destination = dir.Combine("out");
        ArchiveFiles.Extract(zip, ArchiveFormat.Zip, destination);
        Assert.True(File.Exists(Path.Combine(destination, "lib", "a%2Bb.dll")));
    }

    [Theory]
    [InlineData("%2E%2E/escape")]
    [InlineData("a/%2E%2E/%2E%2E/escape")]
    [InlineData("%2Fetc%2Fpasswd")]
    public void An_encoded_traversal_is_refused_like_the_plain_one(string name)
    {
        using var dir = new TempDir();
        var zip = new ZipBuilder().File(name, "x").Save(dir, "evil.nupkg");
        var destination = dir.Combine("out");
        var ex = Assert.Throws<EnvException>(() => ArchiveExtractor.Extract(zip, ArchiveFormat.Zip, destination,
            new ExtractionOptions("evil.nupkg", 1 << 20, StripRoot: false, UnescapeNames: true)));
        Assert.Equal(EnvCode.ENV0201, ex.Code);
        Assert.False(Path.Exists(destination));
    }
}
