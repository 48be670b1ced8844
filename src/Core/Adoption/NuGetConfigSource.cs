using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Env.Core.Adoption;

/// <summary>What <see cref="NuGetConfigSource"/> made: the new text (null when nothing changes) and what it did.</summary>
public sealed record NuGetConfigSourceResult(string? Text, IReadOnlyList<string> Changes);

/// <summary>
/// Adds the package source that serves Env.Sdk to a repository's nuget.config, and, when the repository uses package
/// source mapping (then NuGet asks a source only for the ids mapped to it), maps <c>Env.Sdk</c> to that source. It only
/// adds: sources, <c>&lt;clear /&gt;</c>, credentials and mappings already there stay, comments and white space too.
/// </summary>
public static class NuGetConfigSource
{
    public const long MaxBytes = 1024 * 1024;
    public const string Pattern = GlobalJsonPin.SdkName;

    /// <param name="existing">nuget.config's bytes, or null when the repository has none.</param>
    /// <param name="source">The feed (URL, or a path as nuget.config takes it: relative to its folder).</param>
    public static NuGetConfigSourceResult Add(string path, byte[]? existing, string source)
    {
        var changes = new List<string>();
        var document = existing is null
            ? new XDocument(new XElement("configuration"))
            : Parse(path, existing);
        var root = document.Root!;
        if (root.Name.LocalName != "configuration") throw AdoptedFile.Unusable(path, "its root is not <configuration>");

        var sources = Child(root, "packageSources");
        var key = sources.Elements("add").FirstOrDefault(a => string.Equals((string?)a.Attribute("value"), source, StringComparison.Ordinal)) is { } present
            ? (string?)present.Attribute("key") ?? "env-sdk"
            : null;
        if (key is null)
        {
            var taken = sources.Elements("add").Select(a => (string?)a.Attribute("key")).ToHashSet(StringComparer.OrdinalIgnoreCase);
            key = "env-sdk";
            for (var n = 2; taken.Contains(key); n++) key = $"env-sdk-{n}";
            Append(sources, new XElement("add", new XAttribute("key", key), new XAttribute("value", source)));
            changes.Add($"package source '{key}' ({source})");
        }

        if (root.Element("packageSourceMapping") is { } mapping)
        {
            var entry = mapping.Elements("packageSource").FirstOrDefault(e => string.Equals((string?)e.Attribute("key"), key, StringComparison.OrdinalIgnoreCase));
            if (entry is null)
            {
                entry = new XElement("packageSource", new XAttribute("key", key));
                Append(mapping, entry);
            }
            if (!entry.Elements("package").Any(p => string.Equals((string?)p.Attribute("pattern"), Pattern, StringComparison.OrdinalIgnoreCase)))
            {
                Append(entry, new XElement("package", new XAttribute("pattern", Pattern)));
                changes.Add($"package source mapping {Pattern} → '{key}'");
            }
        }
        if (changes.Count == 0) return new(null, changes);

        var output = new StringBuilder();
        using (var writer = XmlWriter.Create(output, new XmlWriterSettings { OmitXmlDeclaration = document.Declaration is null, Encoding = Encoding.UTF8 }))
            document.Save(writer);
        var text = output.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"");
        return new(text + (text.EndsWith('\n') ? "" : "\n"), changes);
    }

    private static XDocument Parse(string path, byte[] bytes)
    {
        try
        {
            // Comments kept (they are the repository's); no DTD, no resolver, bounded as every checkout's XML.
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxBytes, MaxCharactersFromEntities = 0 };
            using var reader = XmlReader.Create(new MemoryStream(bytes), settings);
            return XDocument.Load(reader, LoadOptions.PreserveWhitespace);
        }
        catch (XmlException e)
        {
            throw AdoptedFile.Unusable(path, $"it is not well-formed XML ({e.Message})");
        }
    }

    private static XElement Child(XElement parent, string name)
    {
        if (parent.Element(name) is { } found) return found;
        var created = new XElement(name);
        Append(parent, created);
        return created;
    }

    /// <summary>Adds <paramref name="child"/> last, on its own line, indented as its siblings (else one step more than its parent).</summary>
    private static void Append(XElement parent, XElement child)
    {
        var parentIndent = Indent(parent);
        var childIndent = parent.Elements().FirstOrDefault() is { } sibling ? Indent(sibling) : parentIndent + "  ";
        if (parent.LastNode is XText closing && string.IsNullOrWhiteSpace(closing.Value) && closing.Value.Contains('\n'))
            closing.AddBeforeSelf(new XText("\n" + childIndent), child);
        else
            parent.Add(new XText("\n" + childIndent), child, new XText("\n" + parentIndent));
    }

    private static string Indent(XElement element)
    {
        if (element.PreviousNode is XText text && text.Value.LastIndexOf('\n') is var newline and >= 0) return text.Value[(newline + 1)..];
        return element.Parent is null ? "" : Indent(element.Parent) + "  ";
    }
}
