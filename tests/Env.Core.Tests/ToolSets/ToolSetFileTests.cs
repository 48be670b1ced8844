using Env.Core.Diagnostics;
using Env.Core.ToolSets;

namespace Env.Core.Tests.ToolSets;

/// <summary>The set file as dotnet env run reads it: one literal shape, everything else refused with a code naming the file.</summary>
public sealed class ToolSetFileTests : IDisposable
{
    private const string Sri = "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=";
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Write(string xml, string name = "Sdk.props")
    {
        var path = _dir.Combine(name);
        File.WriteAllText(path, xml);
        return path;
    }

    private string WriteItems(string items) => Write($"""
        <Project>
          <ItemGroup>
        {items}
          </ItemGroup>
        </Project>
        """);

    private static string Protoc(string rid, string file = "protoc-linux.tar.gz") =>
        $"""<ToolDefinition Include="protoc" Version="33.1" Rid="{rid}" Url="https://example.org/{file}" Hash="{Sri}" Bin="bin/protoc" />""";

    private EnvException Refused(EnvCode code, string path)
    {
        var e = Assert.Throws<EnvException>(() => ToolSetFile.ReadSet(path));
        Assert.Equal(code, e.Code);
        Assert.Equal(Path.GetFullPath(path), e.File);
        return e;
    }

    [Fact]
    public void A_set_reads_every_platform_and_picks_one_by_rid_fallback()
    {
        var path = Write($"""
            <?xml version="1.0" encoding="utf-8"?>
            <!-- a comment -->
            <Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003">
              <ItemGroup Label="protoc">
                {Protoc("linux-x64")}
                {Protoc("osx", "protoc-osx.tar.gz")}
                <ToolDefinition Include="csharpier" Version="1.3.0" />
              </ItemGroup>
              <ItemGroup />
              <ItemGroup>
                <ToolDefinition Include="paket" Package="Paket" Version="9.0.2" Bin="tools/paket%3Bx" />
              </ItemGroup>
            </Project>
            """);
        var set = ToolSetFile.ReadSet(path);
        Assert.Equal(["csharpier", "paket", "protoc"], set.ToolNames);
        Assert.Equal(4, set.Definitions.Count);
        Assert.All(set.Definitions, d => Assert.Equal(path, d.DeclaredIn));

        var linux = ToolSetFile.Read(path, "linux-musl-x64");
        Assert.Equal(3, linux.Count);
        var protoc = Assert.Single(linux, d => d.Name == "protoc");
        Assert.Equal("https://example.org/protoc-linux.tar.gz", protoc.UrlAsWritten);
        Assert.Equal(["bin/protoc"], protoc.Bin);
        // MSBuild's %3B is ';', a separator of Bin, as MSBuild would give it.
        Assert.Equal(["tools/paket", "x"], Assert.Single(linux, d => d.Name == "paket").Bin);

        var mac = ToolSetFile.Read(path, "osx-arm64");
        Assert.Equal("https://example.org/protoc-osx.tar.gz", Assert.Single(mac, d => d.Name == "protoc").UrlAsWritten);
        // Not offered on Windows: left out, not an error for the whole set.
        Assert.DoesNotContain(ToolSetFile.Read(path, "win-x64"), d => d.Name == "protoc");
        Assert.Equal(4, ToolSetFile.Read(path, null).Count);
    }

    [Fact]
    public void An_empty_project_is_an_empty_set()
    {
        Assert.Empty(ToolSetFile.ReadSet(Write("<Project />")).Definitions);
    }

    [Fact]
    public void A_dtd_is_refused_before_any_entity_is_expanded()
    {
        var path = Write("""
            <?xml version="1.0"?>
            <!DOCTYPE Project [ <!ENTITY a "aaaaaaaaaa"> <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"> ]>
            <Project><ItemGroup><ToolDefinition Include="x" Version="&b;" /></ItemGroup></Project>
            """);
        Refused(EnvCode.ENV0441, path);
    }

    [Fact]
    public void A_file_beyond_the_bound_is_refused_unread()
    {
        var path = _dir.Combine("Sdk.props");
        using (var f = File.Create(path)) f.SetLength(ToolSetFile.MaxBytes + 1);
        Assert.Contains("at most", Refused(EnvCode.ENV0440, path).Message);
    }

    [Fact]
    public void A_missing_file_and_malformed_xml_are_coded()
    {
        Refused(EnvCode.ENV0440, _dir.Combine("nope.props"));
        Refused(EnvCode.ENV0441, Write("<Project><ItemGroup></Project>"));
    }

    [Theory]
    [InlineData("""<Project><PropertyGroup><V>1</V></PropertyGroup></Project>""", "<PropertyGroup>")]
    [InlineData("""<Project><Import Project="other.props" /></Project>""", "<Import>")]
    [InlineData("""<Project><Target Name="X" /></Project>""", "<Target>")]
    [InlineData("""<Project Sdk="Other.Sdk" />""", "Sdk")]
    [InlineData("""<Project><ItemGroup Condition="'$(OS)' == 'Unix'"><ToolDefinition Include="x" Version="1" /></ItemGroup></Project>""", "Condition")]
    [InlineData("""<Project><ItemGroup><ToolDefinition Include="x" Version="1" Condition="true" /></ItemGroup></Project>""", "Condition")]
    [InlineData("""<Project><ItemGroup><ToolDefinition Update="x" Version="2" /></ItemGroup></Project>""", "Update")]
    [InlineData("""<Project><ItemGroup><ToolDefinition Include="x" Version="$(V)" /></ItemGroup></Project>""", "expand")]
    [InlineData("""<Project><ItemGroup><ToolDefinition Include="x" Version="@(Tool)" /></ItemGroup></Project>""", "expand")]
    [InlineData("""<Project><ItemGroup><ToolDefinition Include="x;y" Version="1" /></ItemGroup></Project>""", "list or a wildcard")]
    [InlineData("""<Project><ItemGroup><ToolDefinition Include="*" Version="1" /></ItemGroup></Project>""", "list or a wildcard")]
    [InlineData("""<Project><ItemGroup><ToolDefinition Version="1" /></ItemGroup></Project>""", "without Include")]
    [InlineData("""<Project><ItemGroup><Tool Include="x" Version="1" /></ItemGroup></Project>""", "<Tool>")]
    [InlineData("""<Project><ItemGroup><ToolDefinition Include="x"><Version>1</Version></ToolDefinition></ItemGroup></Project>""", "content")]
    [InlineData("""<Project><ItemGroup>text</ItemGroup></Project>""", "text")]
    [InlineData("""<Project xmlns="urn:other"><ItemGroup /></Project>""", "namespace")]
    [InlineData("""<Other />""", "<Other>")]
    public void What_needs_msbuild_to_be_read_is_refused(string xml, string named)
    {
        var e = Refused(EnvCode.ENV0442, Write(xml));
        Assert.Contains(named, e.Message);
        Assert.Contains("(line ", e.Message);
    }

    [Fact]
    public void Definitions_are_judged_as_tool_items_naming_the_set_file()
    {
        Assert.Contains("did you mean 'Version'", Refused(EnvCode.ENV0002, WriteItems("""<ToolDefinition Include="x" Verison="1" />""")).Message);
        // ToolSet belongs to a Tool item of an env, not to a definition.
        Refused(EnvCode.ENV0002, WriteItems("""<ToolDefinition Include="x" Version="1" ToolSet="Other" />"""));
        Refused(EnvCode.ENV0001, WriteItems("""<ToolDefinition Include="../x" Version="1" />"""));
        Refused(EnvCode.ENV0010, WriteItems("""<ToolDefinition Include="x" Package="X" />"""));
        Refused(EnvCode.ENV0030, WriteItems($"""<ToolDefinition Include="x" Version="1" Url="https://u:p@example.org/x.tar.gz" Hash="{Sri}" />"""));
        Refused(EnvCode.ENV0012, WriteItems($"""<ToolDefinition Include="x" Version="1" Url="https://example.org/x.tar.gz" Hash="{Sri}" Bin="../../bin/sh" />"""));
        Refused(EnvCode.ENV0017, WriteItems($"""<ToolDefinition Include="x" Version="1" Url="https://example.org/x.tar.gz" Hash="{Sri}" Bin="bin/-rf" />"""));
        Refused(EnvCode.ENV0004, WriteItems("""<ToolDefinition Include="x" Version="1" Url="https://example.org/x.tar.gz" Hash="md5-x" />"""));
    }

    [Fact]
    public void A_relative_url_is_refused_a_set_is_used_from_other_folders()
    {
        Assert.Contains("absolute", Refused(EnvCode.ENV0445, WriteItems($"""<ToolDefinition Include="x" Version="1" Url="vendor/x.tar.gz" Hash="{Sri}" />""")).Message);
    }

    [Fact]
    public void A_tool_defined_twice_for_one_platform_is_refused()
    {
        Refused(EnvCode.ENV0014, WriteItems(Protoc("linux-x64") + Protoc("linux-x64", "other.tar.gz")));
        Refused(EnvCode.ENV0014, WriteItems("""<ToolDefinition Include="jq" Version="1" /><ToolDefinition Include="JQ" Version="2" />"""));
    }

    [Fact]
    public void Set_names_come_from_the_path_never_from_the_file()
    {
        Assert.Equal("contoso.tools", ToolSetName.Of("/home/u/.nuget/packages/contoso.tools/1.2.0-beta.1/Sdk/Sdk.props"));
        Assert.Equal("Contoso.Tools", ToolSetName.Of("/tmp/Contoso.Tools/Sdk/Sdk.props"));
        Assert.Equal("team-tools", ToolSetName.Of("/repo/sets/team-tools.props"));
    }

    [Fact]
    public void The_sample_set_in_the_repository_reads()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "Env.Sdk.sln"))) dir = dir.Parent;
        var set = ToolSetFile.ReadSet(Path.Combine(dir.FullName, "samples", "toolset", "Sdk", "Sdk.props"));
        Assert.Equal(["csharpier", "protoc", "ripgrep"], set.ToolNames);
        Assert.Equal("bin/protoc.exe", Assert.Single(ToolSetFile.Read(set.File, "win-x64"), d => d.Name == "protoc").Bin.Single());
    }
}
