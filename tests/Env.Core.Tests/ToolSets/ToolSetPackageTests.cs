using System.IO.Compression;
using Env.Core.Diagnostics;
using Env.Core.ToolSets;

namespace Env.Core.Tests.ToolSets;

/// <summary>What dotnet env run SET@VERSION#tool asks of an unpacked set package.</summary>
public sealed class ToolSetPackageTests : IDisposable
{
    private const string Sri = "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=";
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Package(string items)
    {
        var folder = _dir.Combine("contoso.tools", "1.0.0");
        Directory.CreateDirectory(Path.Combine(folder, "Sdk"));
        File.WriteAllText(Path.Combine(folder, "Sdk", "Sdk.props"), $"<Project><ItemGroup>{items}</ItemGroup></Project>");
        File.WriteAllText(Path.Combine(folder, "Sdk", "Sdk.targets"), "<Project />");
        return folder;
    }

    [Fact]
    public void The_tool_for_this_platform_is_picked_by_rid_fallback()
    {
        var folder = Package($"""
            <ToolDefinition Include="protoc" Version="33.1" Rid="linux" Url="https://example.org/linux.zip" Hash="{Sri}" Bin="bin/protoc" />
            <ToolDefinition Include="protoc" Version="33.1" Rid="linux-arm64" Url="https://example.org/arm.zip" Hash="{Sri}" Bin="bin/protoc" />
            <ToolDefinition Include="protoc" Version="33.1" Rid="win-x64" Url="https://example.org/win.zip" Hash="{Sri}" Bin="bin/protoc.exe" />
            <ToolDefinition Include="csharpier" Version="1.3.0" />
            """);
        Assert.Equal("https://example.org/linux.zip", ToolSetPackage.Find(folder, "protoc", "linux-musl-x64").UrlAsWritten);
        Assert.Equal("https://example.org/arm.zip", ToolSetPackage.Find(folder, "protoc", "linux-arm64").UrlAsWritten);
        Assert.Equal("https://example.org/win.zip", ToolSetPackage.Find(folder, "PROTOC", "win-x64").UrlAsWritten);
        var csharpier = ToolSetPackage.Find(folder, "csharpier", "osx-arm64");
        Assert.False(csharpier.IsArchive);
        Assert.Equal("1.3.0", csharpier.Version);
        Assert.Equal("contoso.tools", ToolSetPackage.Read(folder).Name);
        Assert.Equal("Contoso.Tools", ToolSetPackage.Read(folder, "Contoso.Tools").Name);
    }

    [Fact]
    public void An_unknown_tool_lists_what_the_set_defines()
    {
        var folder = Package("""<ToolDefinition Include="csharpier" Version="1.3.0" /><ToolDefinition Include="paket" Version="9.0.2" />""");
        var e = Assert.Throws<EnvException>(() => ToolSetPackage.Find(folder, "protoc", "linux-x64"));
        Assert.Equal(EnvCode.ENV0446, e.Code);
        Assert.Contains("csharpier, paket", e.Message);
    }

    [Fact]
    public void A_tool_for_other_platforms_only_is_ENV0005()
    {
        var folder = Package($"""<ToolDefinition Include="protoc" Version="33.1" Rid="osx" Url="https://example.org/osx.zip" Hash="{Sri}" />""");
        Assert.Equal(EnvCode.ENV0005, Assert.Throws<EnvException>(() => ToolSetPackage.Find(folder, "protoc", "linux-x64")).Code);

        // Also when the set says so (Optional): run has nothing to start here.
        var optional = Package($"""<ToolDefinition Include="protoc" Version="33.1" Rid="osx" Url="https://example.org/osx.zip" Hash="{Sri}" Optional="true" />""");
        var e = Assert.Throws<EnvException>(() => ToolSetPackage.Find(optional, "protoc", "linux-x64"));
        Assert.Equal(EnvCode.ENV0005, e.Code);
        Assert.Contains("does not exist on linux-x64", e.Message);
    }

    [Fact]
    public void A_package_without_a_set_file_is_not_a_set()
    {
        Directory.CreateDirectory(_dir.Combine("plain", "lib"));
        Assert.Equal(EnvCode.ENV0443, Assert.Throws<EnvException>(() => ToolSetPackage.SetFile(_dir.Combine("plain"))).Code);
    }

    private string Nupkg(string entryName, string content)
    {
        var path = _dir.Combine("set.1.0.0.nupkg");
        File.Delete(path);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        using (var w = new StreamWriter(zip.CreateEntry(entryName).Open())) w.Write(content);
        using (var w = new StreamWriter(zip.CreateEntry("Set.nuspec").Open())) w.Write("<package />");
        return path;
    }

    [Fact]
    public void A_downloaded_nupkg_is_read_without_unpacking()
    {
        var nupkg = Nupkg("Sdk/Sdk.props", $"""<Project><ItemGroup><ToolDefinition Include="protoc" Version="33.1" Rid="linux" Url="https://example.org/p.zip" Hash="{Sri}" /></ItemGroup></Project>""");
        var set = ToolSetPackage.ReadNupkg(nupkg, "Contoso.Tools");
        Assert.Equal("Contoso.Tools", set.Name);
        Assert.Equal("https://example.org/p.zip", ToolSetPackage.Pick(set, "protoc", "linux-x64").UrlAsWritten);
        Assert.EndsWith(".nupkg!/Sdk/Sdk.props", set.Definitions[0].DeclaredIn);

        Assert.Equal(EnvCode.ENV0443, Assert.Throws<EnvException>(() => ToolSetPackage.ReadNupkg(Nupkg("sdk/other.props", "<Project />"), "x")).Code);
        Assert.Equal(EnvCode.ENV0442, Assert.Throws<EnvException>(() => ToolSetPackage.ReadNupkg(Nupkg("Sdk/Sdk.props", "<Project><Import Project=\"x\" /></Project>"), "x")).Code);
        Assert.Equal(EnvCode.ENV0440, Assert.Throws<EnvException>(() => ToolSetPackage.ReadNupkg(Nupkg("Sdk/Sdk.props", new string(' ', (int)ToolSetFile.MaxBytes + 1)), "x")).Code);
        File.WriteAllText(nupkg, "not a zip");
        Assert.Equal(EnvCode.ENV0441, Assert.Throws<EnvException>(() => ToolSetPackage.ReadNupkg(nupkg, "x")).Code);
    }
}
