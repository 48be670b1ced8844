using System.IO.Compression;
using System.Security;
using System.Text;

namespace Env.Core.Tests.NuGet;

/// <summary>Writes small but real .nupkg files (OPC parts, nuspec, payload) straight to a zip: no dotnet pack.</summary>
internal static class TestNupkg
{
    public static string Write(string folder, string id, string version, IReadOnlyDictionary<string, string>? files = null, string? packageType = null,
        string? nuspecComment = null)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{id}.{version}.nupkg".ToLowerInvariant());
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        var types = packageType is null ? "" : $"""<packageTypes><packageType name="{packageType}" /></packageTypes>""";
        Add(zip, $"{id}.nuspec", $"""
            <?xml version="1.0" encoding="utf-8"?>{(nuspecComment is null ? "" : $"<!--{nuspecComment}-->")}
            <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
              <metadata>
                <id>{SecurityElement.Escape(id)}</id>
                <version>{SecurityElement.Escape(version)}</version>
                <authors>tests</authors>
                <description>A package made by a test.</description>
                {types}
              </metadata>
            </package>
            """);
        Add(zip, "_rels/.rels", """<?xml version="1.0" encoding="utf-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships" />""");
        Add(zip, "[Content_Types].xml", """<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="nuspec" ContentType="application/octet" /></Types>""");
        Add(zip, "package/services/metadata/core-properties/0123456789abcdef.psmdcp", """<?xml version="1.0" encoding="utf-8"?><coreProperties />""");
        foreach (var (name, content) in files ?? new Dictionary<string, string>())
            Add(zip, name, content);
        return path;
    }

    /// <summary>A framework-dependent tool: tools/net8.0/any with a DotnetToolSettings.xml and its dll.</summary>
    public static string WriteDotnetTool(string folder, string id, string version, string command, string entryPoint) =>
        Write(folder, id, version, new Dictionary<string, string>
        {
            ["tools/net8.0/any/DotnetToolSettings.xml"] = ToolSettings(command, entryPoint, "dotnet"),
            [$"tools/net8.0/any/{entryPoint}"] = "not really a dll",
        }, packageType: "DotnetTool");

    public static string ToolSettings(string command, string entryPoint, string runner) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <DotNetCliTool Version="1">
          <Commands>
            <Command Name="{command}" EntryPoint="{entryPoint}" Runner="{runner}" />
          </Commands>
        </DotNetCliTool>
        """;

    private static void Add(ZipArchive zip, string name, string content)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        using var stream = entry.Open();
        stream.Write(Encoding.UTF8.GetBytes(content));
    }
}
