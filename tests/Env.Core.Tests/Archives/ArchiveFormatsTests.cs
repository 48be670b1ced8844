using Env.Core.Archives;

namespace Env.Core.Tests.Archives;

public class ArchiveFormatsTests
{
    [Theory]
    [InlineData("x.tar.gz", ArchiveFormat.TarGzip)]
    [InlineData("X.TGZ", ArchiveFormat.TarGzip)]
    [InlineData("pkg-1.0.tar.xz", ArchiveFormat.TarXz)]
    [InlineData("a.txz", ArchiveFormat.TarXz)]
    [InlineData("a.tar.bz2", ArchiveFormat.TarBzip2)]
    [InlineData("a.tbz2", ArchiveFormat.TarBzip2)]
    [InlineData("a.tar.zst", ArchiveFormat.TarZstd)]
    [InlineData("a.tzst", ArchiveFormat.TarZstd)]
    [InlineData("a.tar", ArchiveFormat.Tar)]
    [InlineData("a.zip", ArchiveFormat.Zip)]
    [InlineData("Some.Package.1.2.3.nupkg", ArchiveFormat.Zip)]
    [InlineData("/releases/download/v1/tool.Tar.Gz", ArchiveFormat.TarGzip)]
    [InlineData("/archive/main.zip?download=1", ArchiveFormat.Zip)]
    public void Known_extensions_map_to_their_format_ignoring_case(string name, ArchiveFormat expected) =>
        Assert.Equal(expected, ArchiveFormats.FromFileName(name));

    [Theory]
    [InlineData("a.gz")]
    [InlineData("a.txt")]
    [InlineData("tar")]
    [InlineData("a.tar.gz.sig")]
    [InlineData("")]
    public void Unknown_extensions_give_null(string name) => Assert.Null(ArchiveFormats.FromFileName(name));
}
