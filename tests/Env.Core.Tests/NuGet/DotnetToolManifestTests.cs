using Env.Core.Diagnostics;
using Env.Core.NuGet;

namespace Env.Core.Tests.NuGet;

public sealed class DotnetToolManifestTests : IDisposable
{
    private readonly TempDir _temp = new("envsdk-tool-");

    public void Dispose() => _temp.Dispose();

    private void Put(string relative, string content)
    {
        var path = _temp.Combine(relative.Split('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    [Fact]
    public void Framework_dependent_tool_is_read_from_tools_tfm_any()
    {
        Put("tools/net8.0/any/DotnetToolSettings.xml", TestNupkg.ToolSettings("dotnet-contoso", "Contoso.Cli.dll", "dotnet"));

        var tool = DotnetToolManifest.TryRead(_temp.Path, "linux-x64");

        Assert.NotNull(tool);
        Assert.Equal("net8.0", tool.TargetFramework);
        Assert.Equal("any", tool.RuntimeIdentifier);
        Assert.Equal([new DotnetToolCommand("dotnet-contoso", "Contoso.Cli.dll", "dotnet", "tools/net8.0/any")], tool.Commands);
        Assert.False(tool.IsRidSpecificPointer);
        Assert.Null(tool.RuntimeIdentifierPackage);
    }

    [Fact]
    public void Executable_runner_tool_picks_the_rid_folder_along_the_fallback_chain()
    {
        Put("tools/net8.0/linux-x64/DotnetToolSettings.xml", TestNupkg.ToolSettings("contoso", "contoso", "Executable"));
        Put("tools/net8.0/win-x64/DotnetToolSettings.xml", TestNupkg.ToolSettings("contoso", "contoso.exe", "executable"));

        var onMusl = DotnetToolManifest.TryRead(_temp.Path, "linux-musl-x64");
        var onWindows = DotnetToolManifest.TryRead(_temp.Path, "win-x64");

        Assert.Equal([new DotnetToolCommand("contoso", "contoso", "executable", "tools/net8.0/linux-x64")], onMusl!.Commands);
        Assert.Equal([new DotnetToolCommand("contoso", "contoso.exe", "executable", "tools/net8.0/win-x64")], onWindows!.Commands);
    }

    [Fact]
    public void Specific_rid_folder_wins_over_any()
    {
        Put("tools/net8.0/any/DotnetToolSettings.xml", TestNupkg.ToolSettings("contoso", "Contoso.dll", "dotnet"));
        Put("tools/net8.0/osx-arm64/DotnetToolSettings.xml", TestNupkg.ToolSettings("contoso", "contoso", "executable"));

        Assert.Equal("osx-arm64", DotnetToolManifest.TryRead(_temp.Path, "osx-arm64")!.RuntimeIdentifier);
        Assert.Equal("any", DotnetToolManifest.TryRead(_temp.Path, "linux-arm64")!.RuntimeIdentifier);
    }

    [Fact]
    public void Highest_target_framework_the_running_runtime_can_run_is_chosen()
    {
        Put("tools/netcoreapp3.1/any/DotnetToolSettings.xml", TestNupkg.ToolSettings("c", "old.dll", "dotnet"));
        Put("tools/net8.0/any/DotnetToolSettings.xml", TestNupkg.ToolSettings("c", "eight.dll", "dotnet"));
        Put("tools/net99.0/any/DotnetToolSettings.xml", TestNupkg.ToolSettings("c", "future.dll", "dotnet"));

        Assert.Equal("eight.dll", DotnetToolManifest.TryRead(_temp.Path, "linux-x64")!.Commands[0].EntryPoint);
        Assert.Equal("old.dll", DotnetToolManifest.TryRead(_temp.Path, "linux-x64", runtimeMajor: 6)!.Commands[0].EntryPoint);
        Assert.Equal("future.dll", DotnetToolManifest.TryRead(_temp.Path, "linux-x64", runtimeMajor: 99)!.Commands[0].EntryPoint);
    }

    [Fact]
    public void Lower_framework_is_used_when_the_highest_has_nothing_for_this_rid()
    {
        Put("tools/net9.0/win-x64/DotnetToolSettings.xml", TestNupkg.ToolSettings("c", "c.exe", "executable"));
        Put("tools/net8.0/any/DotnetToolSettings.xml", TestNupkg.ToolSettings("c", "c.dll", "dotnet"));

        var tool = DotnetToolManifest.TryRead(_temp.Path, "linux-x64", runtimeMajor: 10)!;

        Assert.Equal("tools/net8.0/any", tool.ToolDirectory);
    }

    [Fact]
    public void Package_without_tool_settings_is_not_a_tool()
    {
        Assert.Null(DotnetToolManifest.TryRead(_temp.Path, "linux-x64"));
        Put("lib/net8.0/Contoso.dll", "x");
        Put("tools/install.ps1", "x");
        Assert.Null(DotnetToolManifest.TryRead(_temp.Path, "linux-x64"));
    }

    [Fact]
    public void Tool_with_nothing_for_this_machine_fails_listing_what_it_offers()
    {
        Put("tools/net99.0/any/DotnetToolSettings.xml", TestNupkg.ToolSettings("c", "c.dll", "dotnet"));
        Put("tools/net8.0/win-x64/DotnetToolSettings.xml", TestNupkg.ToolSettings("c", "c.exe", "executable"));

        var e = Assert.Throws<EnvException>(() => DotnetToolManifest.TryRead(_temp.Path, "linux-x64", runtimeMajor: 10));

        Assert.Equal(EnvCode.ENV0410, e.Code);
        Assert.Contains("tools/net8.0/win-x64", e.Message);
        Assert.Contains("tools/net99.0/any", e.Message);
    }

    [Fact]
    public void Rid_specific_pointer_package_names_the_package_to_fetch_for_this_rid()
    {
        Put("tools/net10.0/any/DotnetToolSettings.xml", """
            <DotNetCliTool Version="2">
              <Commands><Command Name="contoso" /></Commands>
              <RuntimeIdentifierPackages>
                <RuntimeIdentifierPackage RuntimeIdentifier="win-x64" Id="Contoso.Cli.win-x64" />
                <RuntimeIdentifierPackage RuntimeIdentifier="linux-x64" Id="Contoso.Cli.linux-x64" Version="1.0.0" />
                <RuntimeIdentifierPackage RuntimeIdentifier="any" Id="Contoso.Cli.any" />
              </RuntimeIdentifierPackages>
            </DotNetCliTool>
            """);

        var tool = DotnetToolManifest.TryRead(_temp.Path, "linux-musl-x64", runtimeMajor: 10)!;

        Assert.True(tool.IsRidSpecificPointer);
        Assert.Empty(tool.Commands);
        Assert.Equal(["contoso"], tool.CommandNames);
        Assert.Equal(3, tool.RuntimeIdentifierPackages.Count);
        Assert.Equal(new DotnetToolRidPackage("linux-x64", "Contoso.Cli.linux-x64", "1.0.0"), tool.RuntimeIdentifierPackage);
        Assert.Equal("Contoso.Cli.any", DotnetToolManifest.TryRead(_temp.Path, "osx-arm64", runtimeMajor: 10)!.RuntimeIdentifierPackage!.Id);
    }

    [Theory]
    [InlineData("<DotNetCliTool><Commands><Command Name=")]
    [InlineData("<Other />")]
    [InlineData("""<DotNetCliTool><Commands><Command Name="c" EntryPoint="c.dll" Runner="python" /></Commands></DotNetCliTool>""")]
    [InlineData("""<DotNetCliTool><Commands><Command Name="c" EntryPoint="../../evil.dll" Runner="dotnet" /></Commands></DotNetCliTool>""")]
    [InlineData("""<DotNetCliTool><Commands><Command Name="c" Runner="dotnet" /></Commands></DotNetCliTool>""")]
    [InlineData("""<DotNetCliTool><Commands /></DotNetCliTool>""")]
    public void Invalid_tool_settings_fail_naming_the_file(string xml)
    {
        Put("tools/net8.0/any/DotnetToolSettings.xml", xml);

        var e = Assert.Throws<EnvException>(() => DotnetToolManifest.TryRead(_temp.Path, "linux-x64"));

        Assert.Equal(EnvCode.ENV0411, e.Code);
        Assert.Equal(_temp.Combine("tools", "net8.0", "any", "DotnetToolSettings.xml"), e.File);
    }

    [Fact]
    public void Tool_settings_larger_than_the_bound_are_refused_before_they_are_read()
    {
        // A comment compresses to nothing in a .nupkg; loaded whole, 1.2e9 characters of it took 15 GB.
        var comment = new string('c', PackageXml.MaxBytes + 1);
        Put("tools/net8.0/any/DotnetToolSettings.xml", TestNupkg.ToolSettings("c", "c.dll", "dotnet").Replace("<Commands>", $"<!--{comment}--><Commands>"));

        var e = Assert.Throws<EnvException>(() => DotnetToolManifest.TryRead(_temp.Path, "linux-x64"));

        Assert.Equal(EnvCode.ENV0412, e.Code);
        Assert.Equal(_temp.Combine("tools", "net8.0", "any", "DotnetToolSettings.xml"), e.File);
        Assert.True(e.Message.Length < 1000);
    }

    [Fact]
    public void Tool_settings_with_a_dtd_are_refused()
    {
        // Internal entities only, but still a DTD: expanded, a few lines become megabytes.
        Put("tools/net8.0/any/DotnetToolSettings.xml", """
            <?xml version="1.0"?>
            <!DOCTYPE DotNetCliTool [ <!ENTITY n "dotnet-x"> ]>
            <DotNetCliTool><Commands><Command Name="&n;" EntryPoint="x.dll" Runner="dotnet" /></Commands></DotNetCliTool>
            """);

        var e = Assert.Throws<EnvException>(() => DotnetToolManifest.TryRead(_temp.Path, "linux-x64"));

        Assert.Equal(EnvCode.ENV0411, e.Code);
        Assert.Contains("DTD", e.Message);
    }
}
