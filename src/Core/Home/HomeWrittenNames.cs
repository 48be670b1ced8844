using System.Xml;
using Env.Core.IO;

namespace Env.Core.Home;

/// <summary>A property or an item the user wrote, where (line and column of its element's '&lt;'), and for an item the metadata it gives.</summary>
public sealed record HomeWrittenName(HomeModuleOptionKind Kind, string Name, string File, int Line, int Column, IReadOnlyList<string> Metadata);

/// <summary>
/// The properties and items written in env.proj and the files it imports by a plain path from the project's folder (and
/// the home configuration the SDK imports), read as XML with the one bounded, DTD-refusing policy
/// (<see cref="HostileXml"/>): what the user wrote, not what the modules made of it, so a misspelt option is seen at its
/// line (<see cref="HomeModuleOptionCheck"/>). Properties and items inside a <c>Target</c> are run, not options, and not read.
/// </summary>
public static class HomeWrittenNames
{
    private const int MaxFiles = 64;

    private const long MaxCharacters = 16L * 1024 * 1024;

    /// <summary>Item attributes that are MSBuild's operations, not metadata.</summary>
    private static readonly string[] ItemAttributes = ["Include", "Exclude", "Remove", "Update", "Condition", "KeepMetadata", "RemoveMetadata", "KeepDuplicates", "MatchOnMetadata", "MatchOnMetadataOptions", "Label"];

    /// <param name="files">env.proj first, then files the SDK imports for it (the home configuration).</param>
    public static IReadOnlyList<HomeWrittenName> Read(string projectFile, IEnumerable<string> files)
    {
        var projectDir = Path.GetDirectoryName(Path.GetFullPath(projectFile))! + Path.DirectorySeparatorChar;
        var names = new List<HomeWrittenName>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>(new[] { projectFile }.Concat(files).Where(f => f.Length > 0).Select(Path.GetFullPath));
        while (pending.Count > 0 && seen.Count < MaxFiles)
        {
            var file = pending.Dequeue();
            if (!file.StartsWith(projectDir, StringComparison.Ordinal) || !seen.Add(file) || !File.Exists(file)) continue;
            foreach (var import in ReadFile(file, names)) pending.Enqueue(import);
        }
        return names;
    }

    private static List<string> ReadFile(string file, List<HomeWrittenName> names)
    {
        var imports = new List<string>();
        try
        {
            using var reader = XmlReader.Create(file, HostileXml.Settings(MaxCharacters));
            var parents = new Stack<string>();
            HomeWrittenName? item = null;
            var itemDepth = -1;
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.EndElement)
                {
                    parents.Pop();
                    if (parents.Count == itemDepth) { names.Add(item!); item = null; itemDepth = -1; }
                    continue;
                }
                if (reader.NodeType != XmlNodeType.Element) continue;
                var name = reader.LocalName;
                var at = (IXmlLineInfo)reader;
                var inTarget = parents.Contains("Target");
                parents.TryPeek(out var parent);
                if (item is not null && parents.Count == itemDepth + 1)
                {
                    // Metadata written as a child element of the item.
                    item = item with { Metadata = [.. item.Metadata, name] };
                }
                else if (!inTarget && parent == "PropertyGroup")
                {
                    names.Add(new HomeWrittenName(HomeModuleOptionKind.Property, name, file, at.LineNumber, at.LinePosition - 1, []));
                }
                else if (!inTarget && parent == "ItemGroup")
                {
                    var metadata = new List<string>();
                    if (reader.MoveToFirstAttribute())
                    {
                        do
                        {
                            if (!ItemAttributes.Contains(reader.LocalName, StringComparer.OrdinalIgnoreCase) && reader.Prefix.Length == 0) metadata.Add(reader.LocalName);
                        } while (reader.MoveToNextAttribute());
                        reader.MoveToElement();
                    }
                    var written = new HomeWrittenName(HomeModuleOptionKind.Item, name, file, at.LineNumber, at.LinePosition - 1, metadata);
                    if (reader.IsEmptyElement) names.Add(written);
                    else { item = written; itemDepth = parents.Count; }
                }
                if (name == "Import" && reader.GetAttribute("Project") is { Length: > 0 } project && reader.GetAttribute("Sdk") is null
                    && project.IndexOfAny(['$', '@', '%', '*', '?', ';']) < 0)
                {
                    imports.Add(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, project.Replace('\\', '/'))));
                }
                if (!reader.IsEmptyElement) parents.Push(name);
            }
        }
        catch (XmlException)
        {
            // MSBuild has read the file already and said what is wrong; keep what was read.
        }
        return imports;
    }
}
