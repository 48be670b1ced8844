using System.Xml;

namespace Env.Core.Tools;

/// <summary>
/// One item as written in a project file: its type, its Include, where it is (line and column of the element's '&lt;', as
/// MSBuild's own errors about an element count them: <c>env.proj(5,5)</c> for <c>"    &lt;Tool …"</c>).
/// </summary>
public sealed record DeclaredItem(string ItemType, string? Include, string File, int Line, int Column = 0);

/// <summary>
/// The items written in env.proj and in the files it imports by a plain relative or absolute path, read from the XML
/// itself. A task sees only the item types it is handed, and MSBuild offers no list of the item types a project
/// has (<c>$(MSBuildAllProjects)</c> names only the newest import), so this is how a misspelt item type is seen at
/// all. Imports through properties, wildcards or SDKs are not followed: Env.Sdk's own files declare no items.
/// </summary>
public static class DeclaredItems
{
    private const int MaxFiles = 64;

    /// <summary>Characters read of one file at most (16 Mi); the rest is past what a project holds, and not read.</summary>
    private const long MaxCharacters = 16L * 1024 * 1024;

    public static IReadOnlyList<DeclaredItem> Read(string projectFile) => Read(projectFile, followImports: true);

    /// <summary>The items written in <paramref name="file"/> itself (an item's defining file, as MSBuild names it).</summary>
    public static IReadOnlyList<DeclaredItem> ReadOne(string file) => Read(file, followImports: false);

    private static IReadOnlyList<DeclaredItem> Read(string projectFile, bool followImports)
    {
        var items = new List<DeclaredItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<string>([Path.GetFullPath(projectFile)]);
        while (pending.Count > 0 && seen.Count < MaxFiles)
        {
            var file = pending.Dequeue();
            if (!seen.Add(file) || !File.Exists(file)) continue;
            foreach (var import in ReadFile(file, items))
                if (followImports) pending.Enqueue(import);
        }
        return items;
    }

    /// <returns>The files <paramref name="file"/> imports by a plain path.</returns>
    private static List<string> ReadFile(string file, List<DeclaredItem> items)
    {
        var imports = new List<string>();
        // The one hostile-XML policy, bounded: a checkout's env.proj or import is read here again after MSBuild.
        var settings = HostileXml.Settings(MaxCharacters);
        try
        {
            using var reader = XmlReader.Create(file, settings);
            var parents = new Stack<string>();
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.EndElement)
                {
                    parents.Pop();
                    continue;
                }
                if (reader.NodeType != XmlNodeType.Element) continue;
                var name = reader.LocalName;
                // XmlReader's position is the name's; the tag starts one before it.
                var at = (IXmlLineInfo)reader;
                if (parents.TryPeek(out var parent) && parent == "ItemGroup")
                    items.Add(new DeclaredItem(name, reader.GetAttribute("Include"), file, at.LineNumber, at.LinePosition - 1));
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
            // MSBuild has read the file already and would have said what is wrong; keep what was read.
        }
        return imports;
    }
}
