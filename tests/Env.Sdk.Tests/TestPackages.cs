using System.IO.Compression;
using System.Text;

namespace Env.Sdk.Tests;

/// <summary>Hand-made .nupkg files for the local feeds: a nuspec, the given files, nothing a pack would add.</summary>
public static class TestPackages
{
    /// <param name="packageType">The nuspec's package type (MSBuildSdk for a tool set), or null for none.</param>
    /// <param name="files">Path in the package → text. Zip entries carry no Unix modes, as in most real packages.</param>
    public static void Write(string feed, string id, string version, string description, string? packageType, IReadOnlyDictionary<string, string> files)
    {
        using var zip = ZipFile.Open(Path.Combine(feed, $"{id}.{version}.nupkg"), ZipArchiveMode.Create);
        void Add(string name, string text)
        {
            using var w = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
            w.Write(text);
        }
        var types = packageType is null ? "" : $"""<packageTypes><packageType name="{packageType}" /></packageTypes>""";
        Add($"{id}.nuspec", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
              <metadata>
                <id>{id}</id>
                <version>{version}</version>
                <authors>tests</authors>
                <description>{description}</description>
                {types}
              </metadata>
            </package>
            """);
        foreach (var (name, text) in files) Add(name, text);
        Add("[Content_Types].xml", "<Types/>");
    }
}
