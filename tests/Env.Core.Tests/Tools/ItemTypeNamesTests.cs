using Env.Core.Tools;

namespace Env.Core.Tests.Tools;

public sealed class ItemTypeNamesTests
{
    [Theory]
    [InlineData("Tools", "Tool")]
    [InlineData("Tol", "Tool")]
    [InlineData("Tolo", "Tool")]
    [InlineData("Toool", "Tool")]
    [InlineData("EnvVars", "EnvVar")]
    [InlineData("EnvVra", "EnvVar")]
    [InlineData("ENVVARS", "EnvVar")]
    [InlineData("EnvironmentVariables", "EnvVar")]
    [InlineData("PackageReference", "Tool")]
    [InlineData("ToolDefinitions", "ToolDefinition")]
    [InlineData("ToolDefiniton", "ToolDefinition")]
    public void Near_misses_name_the_item_type_meant(string written, string meant) =>
        Assert.Equal(meant, ItemTypeNames.NearMiss(written));

    [Theory]
    [InlineData("Tool")]
    [InlineData("tool")]
    [InlineData("EnvVar")]
    [InlineData("ToolDefinition")]
    [InlineData("None")]
    [InlineData("Compile")]
    [InlineData("Content")]
    [InlineData("_EnvInputs")]
    [InlineData("Folder")]
    public void Our_own_and_unrelated_item_types_are_not_flagged(string written) =>
        Assert.Null(ItemTypeNames.NearMiss(written));

    [Fact]
    public void Items_are_read_from_the_project_and_its_plainly_imported_files_with_their_lines()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.Combine("more.props"), """
            <Project>
              <ItemGroup>
                <EnvVars Include="X" Value="1" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(tmp.Combine("env.proj"), """
            <Project Sdk="Env.Sdk/0.1.0">
              <Import Project="more.props" />
              <Import Project="$(Nowhere)/x.props" />
              <ItemGroup>
                <Tools Include="a" Version="1" />
                <Tool Include="a?b" Version="1"><Rid>linux-x64</Rid></Tool>
              </ItemGroup>
              <PropertyGroup><Tol>not an item</Tol></PropertyGroup>
            </Project>
            """);

        var items = DeclaredItems.Read(tmp.Combine("env.proj"));

        Assert.Equal(
            [("Tools", "a", "env.proj", 5), ("Tool", "a?b", "env.proj", 6), ("EnvVars", "X", "more.props", 3)],
            items.Select(i => (i.ItemType, i.Include, Path.GetFileName(i.File), i.Line)));
    }

    [Fact]
    public void ReadOne_reads_only_that_file_and_gives_each_items_line_and_column_as_MSBuild_counts_them()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.Combine("more.props"), """<Project><ItemGroup><Tool Include="other" /></ItemGroup></Project>""");
        File.WriteAllText(tmp.Combine("env.proj"), """
            <Project>
              <Import Project="more.props" />
              <ItemGroup>
                <Tool Include="a" />
              <EnvVar Include="B" /></ItemGroup>
            </Project>
            """);

        var items = DeclaredItems.ReadOne(tmp.Combine("env.proj"));

        // The column of the element's '<', as MSBuild's own errors: env.proj(4,5).
        Assert.Equal([("Tool", "a", 4, 5), ("EnvVar", "B", 5, 3)], items.Select(i => (i.ItemType, i.Include, i.Line, i.Column)));
    }

    [Fact]
    public void A_huge_project_is_read_only_to_its_bound()
    {
        using var tmp = new TempDir();
        // 30 Mi characters of items: past the 16 Mi the reader takes; what came before the bound is kept.
        var item = "<Tool Include=\"t\" />\n";
        using (var w = new StreamWriter(tmp.Combine("env.proj")))
        {
            w.Write("<Project><ItemGroup>\n");
            for (var i = 0; i < 30 * 1024 * 1024 / item.Length; i++) w.Write(item);
            w.Write("</ItemGroup></Project>\n");
        }

        var items = DeclaredItems.ReadOne(tmp.Combine("env.proj"));

        Assert.InRange(items.Count, 1, 16 * 1024 * 1024 / item.Length + 1);
    }

    [Fact]
    public void An_import_cycle_ends()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.Combine("a.props"), """<Project><Import Project="b.props" /><ItemGroup><Tools Include="a" /></ItemGroup></Project>""");
        File.WriteAllText(tmp.Combine("b.props"), """<Project><Import Project="a.props" /></Project>""");
        Assert.Single(DeclaredItems.Read(tmp.Combine("a.props")));
    }
}
