using Env.Core.NuGet;

namespace Env.Core.Tests.NuGet;

public sealed class NupkgLayoutTests
{
    [Theory]
    [InlineData("[Content_Types].xml")]
    [InlineData("%5BContent_Types%5D.xml")]
    [InlineData("_rels/.rels")]
    [InlineData("package/services/metadata/core-properties/abc.psmdcp")]
    [InlineData(".signature.p7s")]
    [InlineData("/_rels/.rels")]
    [InlineData("_RELS\\.rels")]
    public void Opc_envelope_entries_are_packaging_metadata(string entry) => Assert.True(NupkgLayout.IsPackagingMetadata(entry));

    [Theory]
    [InlineData("contoso.nuspec")]
    [InlineData("lib/net8.0/Contoso.dll")]
    [InlineData("tools/net8.0/any/DotnetToolSettings.xml")]
    [InlineData("content/package/readme.txt")]
    [InlineData("lib/_rels/x")]
    [InlineData("packages/x")]
    [InlineData("tools/.signature.p7s")]
    public void Package_content_is_not_packaging_metadata(string entry) => Assert.False(NupkgLayout.IsPackagingMetadata(entry));
}
