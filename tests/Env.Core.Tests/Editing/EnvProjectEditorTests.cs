using System.Text;
using Env.Core.Diagnostics;
using Env.Core.Editing;

namespace Env.Core.Tests.Editing;

public sealed class EnvProjectEditorTests : IDisposable
{
    private readonly TempDir _temp = new("envsdk-edit-");

    public void Dispose() => _temp.Dispose();

    private string Project(string text, Encoding? encoding = null)
    {
        var path = _temp.Combine("env.proj");
        File.WriteAllText(path, text, encoding ?? new UTF8Encoding(false));
        return path;
    }

    private static ToolItem Package(string name, string version, string? package = null, string? bin = null, string? rid = null) =>
        new() { Name = name, Version = version, Package = package, Bin = bin, Rid = rid };

    private static ToolItem Archive(string name, string version, string url, string? rid = "linux-x64", string? bin = null) =>
        new() { Name = name, Version = version, Url = url, Hash = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", Rid = rid, Bin = bin };

    private const string Sample = """
        <Project Sdk="Env.Sdk/0.1.0">
          <!-- the team's tools -->
          <ItemGroup>
            <Tool Include='csharpier' Version='1.3.0' />

            <!-- search -->
            <Tool Include="ripgrep"   Version="14.1.1" Rid="linux-x64" Url="https://example.org/rg.tar.gz" Hash="sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=" Bin="rg" />
          </ItemGroup>
          <ItemGroup>
            <EnvVar Include="A" Value="1" />
          </ItemGroup>
        </Project>

        """;

    /// <summary>The lines of <paramref name="after"/> not in <paramref name="before"/> and the other way round, in order.</summary>
    private static (string[] Added, string[] Removed) Diff(string before, string after)
    {
        var a = before.Split('\n');
        var b = after.Split('\n');
        // The edits are small: strip the common head and tail.
        var head = 0;
        while (head < a.Length && head < b.Length && a[head] == b[head]) head++;
        var tail = 0;
        while (tail < a.Length - head && tail < b.Length - head && a[^(tail + 1)] == b[^(tail + 1)]) tail++;
        return (b[head..(b.Length - tail)], a[head..(a.Length - tail)]);
    }

    [Fact]
    public void Add_writes_one_line_after_the_last_tool_with_its_indentation_and_quotes()
    {
        var path = Project(Sample);
        var edit = EnvProjectEditor.Load(path).Add(Package("dotnet-ef", "9.0.1"));
        edit.Save();

        Assert.Equal(ProjectEditKind.Added, edit.Kind);
        var (added, removed) = Diff(Sample, File.ReadAllText(path));
        Assert.Empty(removed);
        Assert.Equal(["    <Tool Include=\"dotnet-ef\" Version=\"9.0.1\" />"], added);
    }

    [Fact]
    public void The_new_item_takes_the_quotes_and_closing_of_the_tool_before_it()
    {
        var path = Project("<Project Sdk='Env.Sdk/0.1.0'>\n  <ItemGroup>\n    <Tool Include='jq' Version='1.7.1'/>\n  </ItemGroup>\n</Project>");
        EnvProjectEditor.Load(path).Add(Package("csharpier", "1.3.0")).Save();

        Assert.Equal("<Project Sdk='Env.Sdk/0.1.0'>\n  <ItemGroup>\n    <Tool Include='jq' Version='1.7.1'/>\n    <Tool Include='csharpier' Version='1.3.0'/>\n  </ItemGroup>\n</Project>",
            File.ReadAllText(path));
    }

    [Fact]
    public void Remove_deletes_exactly_the_items_lines_and_keeps_comments_and_blank_lines()
    {
        var path = Project(Sample);
        var edit = EnvProjectEditor.Load(path).Remove("csharpier");
        edit.Save();

        var (added, removed) = Diff(Sample, File.ReadAllText(path));
        Assert.Empty(added);
        Assert.Equal(["    <Tool Include='csharpier' Version='1.3.0' />"], removed);
        Assert.Equal(["1.3.0"], edit.PreviousVersions);
    }

    [Fact]
    public void Add_then_remove_gives_back_the_file_byte_for_byte_with_crlf_and_bom()
    {
        var crlf = Sample.ReplaceLineEndings("\r\n");
        var path = Project(crlf, new UTF8Encoding(true));
        var original = File.ReadAllBytes(path);

        EnvProjectEditor.Load(path).Add(Package("dotnet-ef", "9.0.1")).Save();
        var added = File.ReadAllText(path);
        Assert.Contains("    <Tool Include=\"dotnet-ef\" Version=\"9.0.1\" />\r\n", added);
        Assert.DoesNotContain("\r\r", added);
        Assert.Equal([0xEF, 0xBB, 0xBF], File.ReadAllBytes(path)[..3]);

        EnvProjectEditor.Load(path).Remove("dotnet-ef").Save();
        Assert.Equal(original, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_utf16_file_stays_utf16()
    {
        var path = Project(Sample.Replace("<Project", "<?xml version=\"1.0\" encoding=\"utf-16\"?>\n<Project"), new UnicodeEncoding(false, true));
        EnvProjectEditor.Load(path).Add(Package("dotnet-ef", "9.0.1")).Save();

        var bytes = File.ReadAllBytes(path);
        Assert.Equal([0xFF, 0xFE], bytes[..2]);
        Assert.Contains("Include=\"dotnet-ef\"", Encoding.Unicode.GetString(bytes, 2, bytes.Length - 2));
    }

    [Fact]
    public void Adding_a_tool_that_is_there_replaces_its_version_in_place_and_says_so()
    {
        var path = Project(Sample);
        var edit = EnvProjectEditor.Load(path).Add(Package("csharpier", "1.4.0"));
        edit.Save();

        Assert.Equal(ProjectEditKind.Replaced, edit.Kind);
        Assert.Equal(["1.3.0"], edit.PreviousVersions);
        var (added, removed) = Diff(Sample, File.ReadAllText(path));
        Assert.Equal(["    <Tool Include='csharpier' Version='1.4.0' />"], added);
        Assert.Equal(["    <Tool Include='csharpier' Version='1.3.0' />"], removed);
    }

    [Fact]
    public void Adding_the_same_version_again_changes_nothing()
    {
        var path = Project(Sample);
        var before = File.GetLastWriteTimeUtc(path);
        var edit = EnvProjectEditor.Load(path).Add(Package("csharpier", "1.3.0"));
        edit.Save();

        Assert.Equal(ProjectEditKind.Unchanged, edit.Kind);
        Assert.Equal(Sample, File.ReadAllText(path));
    }

    [Fact]
    public void An_archive_for_another_rid_goes_beside_the_first_and_one_for_the_same_rid_replaces_url_and_hash()
    {
        var path = Project(Sample);
        EnvProjectEditor.Load(path).Add(Archive("ripgrep", "14.1.1", "https://example.org/rg-mac.tar.gz", rid: "osx-arm64")).Save();
        var (added, _) = Diff(Sample, File.ReadAllText(path));
        Assert.Equal(["    <Tool Include=\"ripgrep\" Version=\"14.1.1\" Url=\"https://example.org/rg-mac.tar.gz\" Hash=\"sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\" Rid=\"osx-arm64\" />"], added);

        var middle = File.ReadAllText(path);
        var edit = EnvProjectEditor.Load(path).Add(Archive("ripgrep", "15.0.0", "https://example.org/rg-15.tar.gz") with { Hash = "sha256-LCa0a2j/xo/5m0U8HTBBNBNCLXBkg7+g+YpeiGJm564=" });
        edit.Save();
        Assert.Equal(ProjectEditKind.Replaced, edit.Kind);
        var (added2, removed2) = Diff(middle, File.ReadAllText(path));
        Assert.Equal(["    <Tool Include=\"ripgrep\"   Version=\"15.0.0\" Rid=\"linux-x64\" Url=\"https://example.org/rg-15.tar.gz\" Hash=\"sha256-LCa0a2j/xo/5m0U8HTBBNBNCLXBkg7+g+YpeiGJm564=\" Bin=\"rg\" />"], added2);
        Assert.Single(removed2);
    }

    [Fact]
    public void Remove_takes_every_rid_variant_and_the_item_group_it_empties_but_not_one_with_a_comment()
    {
        var text = """
            <Project Sdk="Env.Sdk/0.1.0">
              <ItemGroup>
                <EnvVar Include="A" Value="1" />
              </ItemGroup>

              <ItemGroup>
                <Tool Include="protoc" Package="Google.Protobuf.Tools" Version="3.36.1" Rid="linux-x64" Bin="tools/linux_x64/protoc" />
                <Tool Include="protoc" Package="Google.Protobuf.Tools" Version="3.36.1" Rid="osx" Bin="tools/macosx_x64/protoc" />
              </ItemGroup>
            </Project>
            """;
        var path = Project(text);
        var edit = EnvProjectEditor.Load(path).Remove("protoc");
        edit.Save();

        Assert.Equal(2, edit.Items);
        Assert.Equal("""
            <Project Sdk="Env.Sdk/0.1.0">
              <ItemGroup>
                <EnvVar Include="A" Value="1" />
              </ItemGroup>
            </Project>
            """, File.ReadAllText(path));

        var commented = Project(text.Replace("<ItemGroup>\n    <Tool", "<ItemGroup>\n    <!-- protobuf -->\n    <Tool"));
        EnvProjectEditor.Load(commented).Remove("protoc").Save();
        Assert.Contains("<ItemGroup>\n    <!-- protobuf -->\n  </ItemGroup>", File.ReadAllText(commented));
    }

    [Fact]
    public void A_package_added_without_rid_moves_every_platforms_item_to_the_version()
    {
        var path = Project("""
            <Project Sdk="Env.Sdk/0.1.0">
              <ItemGroup>
                <Tool Include="protoc" Package="Google.Protobuf.Tools" Version="3.36.1" Rid="linux-x64" Bin="tools/linux_x64/protoc" />
                <Tool Include="protoc" Package="Google.Protobuf.Tools" Version="3.36.1" Rid="osx" Bin="tools/macosx_x64/protoc" />
              </ItemGroup>
            </Project>
            """);
        var edit = EnvProjectEditor.Load(path).Add(Package("protoc", "3.37.0", package: "google.protobuf.tools"));
        edit.Save();

        Assert.Equal((ProjectEditKind.Replaced, 2), (edit.Kind, edit.Items));
        Assert.Equal(2, File.ReadAllText(path).Split("Version=\"3.37.0\"").Length - 1);
    }

    [Fact]
    public void A_project_without_tools_gets_a_new_item_group_indented_as_its_other_children()
    {
        var text = "<Project Sdk=\"Env.Sdk/0.1.0\">\n\t<PropertyGroup>\n\t\t<EnvName>x</EnvName>\n\t</PropertyGroup>\n</Project>\n";
        var path = Project(text);
        EnvProjectEditor.Load(path).Add(Package("csharpier", "1.3.0")).Save();

        Assert.Equal("<Project Sdk=\"Env.Sdk/0.1.0\">\n\t<PropertyGroup>\n\t\t<EnvName>x</EnvName>\n\t</PropertyGroup>\n" +
                     "\t<ItemGroup>\n\t\t<Tool Include=\"csharpier\" Version=\"1.3.0\" />\n\t</ItemGroup>\n</Project>\n", File.ReadAllText(path));
    }

    [Fact]
    public void An_empty_project_element_is_opened()
    {
        var path = Project("<Project Sdk=\"Env.Sdk/0.1.0\" />\n");
        EnvProjectEditor.Load(path).Add(Package("csharpier", "1.3.0")).Save();

        Assert.Equal("<Project Sdk=\"Env.Sdk/0.1.0\">\n  <ItemGroup>\n    <Tool Include=\"csharpier\" Version=\"1.3.0\" />\n  </ItemGroup>\n</Project>\n", File.ReadAllText(path));
    }

    [Fact]
    public void Metadata_values_are_escaped_for_msbuild_and_xml_so_the_build_reads_them_back_exactly()
    {
        var path = Project(Sample);
        var url = "https://example.org/a%20b/$(x)/@(y)/t.tar.gz?a=1&b='2'";
        EnvProjectEditor.Load(path).Add(Archive("weird", "1.0", url)).Save();

        var editor = EnvProjectEditor.Load(path);
        var tool = editor.Tools.Single(t => t.Name == "weird");
        Assert.Equal(url, tool.Get("Url"));
        Assert.Contains("a%2520b/%24(x)/%40(y)/t.tar.gz?a=1&amp;b='2'", File.ReadAllText(path));
    }

    [Fact]
    public void Positions_hold_after_non_ascii_text_and_astral_characters_on_the_same_line()
    {
        var text = "<Project Sdk=\"Env.Sdk/0.1.0\">\n  <ItemGroup>\n    <!-- 🧰 outils é --><Tool Include=\"jq\" Version=\"1.7\" /><!-- ✓ -->\n    <Tool Include=\"yq\" Version=\"4.0\" Bin=\"ü/yq\" />\n  </ItemGroup>\n</Project>\n";
        var path = Project(text);
        EnvProjectEditor.Load(path).Add(Package("jq", "1.8")).Save();
        Assert.Equal(text.Replace("\"1.7\"", "\"1.8\""), File.ReadAllText(path));

        EnvProjectEditor.Load(path).Remove("JQ").Save();
        Assert.Equal(text.Replace("<Tool Include=\"jq\" Version=\"1.7\" />", ""), File.ReadAllText(path));
    }

    [Fact]
    public void An_item_sharing_its_line_is_removed_alone()
    {
        var path = Project("<Project>\n  <ItemGroup>\n    <Tool Include=\"a\" Version=\"1\" /> <Tool Include=\"b\" Version=\"2\" />\n  </ItemGroup>\n</Project>\n");
        EnvProjectEditor.Load(path).Remove("a").Save();
        Assert.Equal("<Project>\n  <ItemGroup>\n    <Tool Include=\"b\" Version=\"2\" />\n  </ItemGroup>\n</Project>\n", File.ReadAllText(path));
    }

    [Fact]
    public void A_new_item_group_in_a_crlf_file_has_crlf_line_breaks()
    {
        var path = Project("<Project Sdk=\"Env.Sdk/0.1.0\">\r\n</Project>\r\n");
        EnvProjectEditor.Load(path).Add(Package("jq", "1.0")).Save();
        Assert.Equal("<Project Sdk=\"Env.Sdk/0.1.0\">\r\n  <ItemGroup>\r\n    <Tool Include=\"jq\" Version=\"1.0\" />\r\n  </ItemGroup>\r\n</Project>\r\n", File.ReadAllText(path));
    }

    [Fact]
    public void A_package_for_one_more_rid_goes_beside_the_others_of_its_name()
    {
        var path = Project(Sample);
        var edit = EnvProjectEditor.Load(path).Add(Package("csharpier", "1.3.0", rid: "linux-x64", bin: "tools/x"));
        edit.Save();
        Assert.Equal(ProjectEditKind.Added, edit.Kind);
        var (added, _) = Diff(Sample, File.ReadAllText(path));
        Assert.Equal(["    <Tool Include='csharpier' Version='1.3.0' Rid='linux-x64' Bin='tools/x' />"], added);
    }

    [Fact]
    public void The_declared_tools_are_read_with_their_metadata_and_whether_they_may_be_edited()
    {
        var path = Project(Sample.Replace("<ItemGroup>\n    <EnvVar", "<ItemGroup Condition=\"'$(OS)' == 'Unix'\">\n    <Tool Include=\"unix-only\" Version=\"1%2E0\" />\n    <EnvVar"));
        var tools = EnvProjectEditor.Load(path).Tools;
        Assert.Equal(["csharpier", "ripgrep", "unix-only"], tools.Select(t => t.Name));
        Assert.Equal(("1.0", false), (tools[2].Get("Version"), tools[2].Editable));
        Assert.True(tools[1].IsArchive);
        Assert.True(tools[0].Editable);
    }

    [Fact]
    public void A_package_tool_is_found_by_its_name_or_by_its_package()
    {
        var path = Project(Sample.Replace("<Tool Include='csharpier' Version='1.3.0' />", "<Tool Include='hello' Package='Hello.Tool' Version='1.0.0' />"));
        var editor = EnvProjectEditor.Load(path);

        Assert.Equal("hello", editor.FindPackageTool("HELLO")?.Name);
        Assert.Equal("hello", editor.FindPackageTool("hello.tool")?.Name);
        Assert.Null(editor.FindPackageTool("ripgrep"));
    }

    private EnvException Refused(EnvCode code, string text, Func<EnvProjectEditor, ProjectEdit> edit)
    {
        var path = Project(text);
        var before = File.ReadAllBytes(path);
        var e = Assert.Throws<EnvException>(() => edit(EnvProjectEditor.Load(path)).Save());
        Assert.Equal(code, e.Code);
        Assert.Contains(path, e.Message + e.File);
        Assert.Equal(before, File.ReadAllBytes(path));
        return e;
    }

    [Theory]
    [InlineData("""<ItemGroup Condition="'$(OS)' == 'Windows_NT'"><Tool Include="jq" Version="1.0" /></ItemGroup>""", "Condition")]
    [InlineData("""<ItemGroup><Tool Include="jq" Version="1.0" Condition="true" /></ItemGroup>""", "Condition")]
    [InlineData("""<ItemGroup><Tool Include="$(JqName)" Version="1.0" /></ItemGroup>""", "property")]
    [InlineData("""<ItemGroup><Tool Include="jq;yq" Version="1.0" /></ItemGroup>""", "several")]
    [InlineData("""<ItemGroup><Tool Include="jq"><Version>1.0</Version></Tool></ItemGroup>""", "child elements")]
    [InlineData("""<ItemGroup><Tool Update="jq" Version="2.0" /></ItemGroup>""", "Update")]
    [InlineData("""<Target Name="T"><ItemGroup><Tool Include="jq" Version="1.0" /></ItemGroup></Target>""", "Target")]
    public void Tools_the_editor_cannot_safely_change_are_refused_for_add_and_remove(string items, string why)
    {
        var text = $"<Project Sdk=\"Env.Sdk/0.1.0\">\n  {items}\n</Project>\n";
        var e = Refused(EnvCode.ENV0721, text, p => p.Add(Package("jq", "1.7.1")));
        Assert.Contains(why, e.Message);
        Refused(EnvCode.ENV0721, text, p => p.Remove("jq"));
    }

    [Fact]
    public void A_tool_declared_in_an_import_is_refused_naming_that_file()
    {
        File.WriteAllText(_temp.Combine("tools.props"), "<Project><ItemGroup><Tool Include=\"jq\" Version=\"1.0\" /></ItemGroup></Project>");
        var e = Refused(EnvCode.ENV0721, "<Project Sdk=\"Env.Sdk/0.1.0\">\n  <Import Project=\"tools.props\" />\n</Project>\n", p => p.Add(Package("jq", "1.7.1")));
        Assert.Contains("tools.props", e.Message);
    }

    [Fact]
    public void A_package_cannot_replace_an_archive_of_the_same_name()
    {
        var e = Refused(EnvCode.ENV0722, Sample, p => p.Add(Package("ripgrep", "1.0.0")));
        Assert.Contains("dotnet env remove ripgrep", e.Message);
        Refused(EnvCode.ENV0722, Sample, p => p.Add(Package("csharpier", "1.0.0", package: "Other.Package")));
    }

    [Fact]
    public void Removing_a_tool_that_is_not_there_lists_the_ones_that_are()
    {
        var e = Refused(EnvCode.ENV0723, Sample, p => p.Remove("jq"));
        Assert.Contains("csharpier, ripgrep", e.Message);
    }

    [Theory]
    [InlineData("../evil", EnvCode.ENV0001)]
    [InlineData(".hidden", EnvCode.ENV0001)]
    [InlineData("a*b", EnvCode.ENV0001)]
    public void Names_the_build_would_refuse_are_refused_before_writing(string name, EnvCode code) =>
        Refused(code, Sample, p => p.Add(Package(name, "1.0.0")));

    [Fact]
    public void Bin_paths_follow_the_build_rules()
    {
        Refused(EnvCode.ENV0012, Sample, p => p.Add(Package("jq", "1.0.0", bin: "../x")));
        Refused(EnvCode.ENV0017, Sample, p => p.Add(Package("jq", "1.0.0", bin: "tools/-rf")));
        Refused(EnvCode.ENV0728, Sample, p => p.Add(Package("jq", "1.0.0\n")));
    }

    [Fact]
    public void A_file_that_is_not_well_formed_is_refused()
    {
        var e = Refused(EnvCode.ENV0720, "<Project Sdk=\"Env.Sdk/0.1.0\">\n  <ItemGroup>\n</Project>\n", p => p.Add(Package("jq", "1.0.0")));
        Assert.Contains("well-formed", e.Message);
        Refused(EnvCode.ENV0720, "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><Project>&e;</Project>", p => p.Add(Package("jq", "1.0.0")));
    }

    [Fact]
    public void A_file_in_another_encoding_is_refused_rather_than_rewritten_in_utf8()
    {
        var e = Refused(EnvCode.ENV0720, "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\n<Project />\n", p => p.Add(Package("jq", "1.0.0")));
        Assert.Contains("iso-8859-1", e.Message);

        var path = _temp.Combine("latin1.proj");
        File.WriteAllBytes(path, [.. Encoding.ASCII.GetBytes("<Project><!-- caf"), 0xE9, .. Encoding.ASCII.GetBytes(" --></Project>")]);
        Assert.Equal(EnvCode.ENV0720, Assert.Throws<EnvException>(() => EnvProjectEditor.Load(path)).Code);
    }

    [Fact]
    public void A_file_that_changed_since_it_was_read_is_not_overwritten()
    {
        var path = Project(Sample);
        var edit = EnvProjectEditor.Load(path).Add(Package("jq", "1.0.0"));
        File.AppendAllText(path, "<!-- saved by someone else -->\n");

        var e = Assert.Throws<EnvException>(edit.Save);
        Assert.Equal(EnvCode.ENV0724, e.Code);
        Assert.EndsWith("<!-- saved by someone else -->\n", File.ReadAllText(path));
    }

    [Fact]
    public void The_file_keeps_its_permissions_and_a_link_stays_a_link()
    {
        var real = Project(Sample);
        File.SetUnixFileMode(real, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var link = _temp.Combine("link.proj");
        File.CreateSymbolicLink(link, real);

        EnvProjectEditor.Load(link).Add(Package("jq", "1.0.0")).Save();

        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Contains("Include=\"jq\"", File.ReadAllText(real));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(real));
    }

    [Fact]
    public void AddAll_writes_one_item_per_platform_beside_each_other_as_one_edit_and_undoes_it_whole()
    {
        var path = Project(Sample);
        var editor = EnvProjectEditor.Load(path);

        var edit = editor.AddAll(
        [
            Archive("ripgrep", "14.1.1", "https://example.org/rg-linux.tar.gz"),
            Archive("ripgrep", "14.1.1", "https://example.org/rg-mac.tar.gz", rid: "osx-arm64") with { Optional = true },
            Archive("ripgrep", "14.1.1", "https://example.org/rg-win.zip", rid: "win-x64", bin: "rg.exe") with { Optional = true },
        ]);

        Assert.Equal(ProjectEditKind.Added, edit.Kind);
        Assert.Equal([ProjectEditKind.Replaced, ProjectEditKind.Added, ProjectEditKind.Added], edit.Steps.Select(s => s.Kind));
        var expected = Sample.Replace(
            """    <Tool Include="ripgrep"   Version="14.1.1" Rid="linux-x64" Url="https://example.org/rg.tar.gz" Hash="sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=" Bin="rg" />""",
            """
                <Tool Include="ripgrep"   Version="14.1.1" Rid="linux-x64" Url="https://example.org/rg-linux.tar.gz" Hash="sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=" Bin="rg" />
                <Tool Include="ripgrep" Version="14.1.1" Url="https://example.org/rg-mac.tar.gz" Hash="sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=" Rid="osx-arm64" Optional="true" />
                <Tool Include="ripgrep" Version="14.1.1" Url="https://example.org/rg-win.zip" Hash="sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=" Rid="win-x64" Bin="rg.exe" Optional="true" />
            """.TrimStart('\n').TrimEnd('\n'));
        Assert.Equal(expected, edit.NewText);
        Assert.Equal(Sample, File.ReadAllText(path)); // nothing written yet

        edit.Save();
        Assert.Equal(expected, File.ReadAllText(path));
        Assert.True(edit.Undo());
        Assert.Equal(Sample, File.ReadAllText(path));
    }

    [Fact]
    public void Adding_with_Optional_marks_an_existing_item_and_leaves_one_the_user_marked()
    {
        var path = Project(Sample.Replace("Bin=\"rg\"", "Bin=\"rg\" Optional=\"true\""));
        var kept = EnvProjectEditor.Load(path).Add(Archive("ripgrep", "14.1.2", "https://example.org/rg.tar.gz"));
        Assert.Contains("Version=\"14.1.2\" Rid=\"linux-x64\" Url=\"https://example.org/rg.tar.gz\" Hash=\"sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\" Bin=\"rg\" Optional=\"true\"", kept.NewText);

        var marked = EnvProjectEditor.Load(Project(Sample)).Add(Archive("csharpier", "1.3.0", null!) with { Url = null, Hash = null, Rid = null, Optional = true });
        Assert.Contains("<Tool Include='csharpier' Version='1.3.0' Optional='true' />", marked.NewText);
    }
}

