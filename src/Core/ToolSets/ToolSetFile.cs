using System.Text;
using System.Xml;
using Env.Core.Diagnostics;
using Env.Core.Model;
using Env.Core.Platforms;

namespace Env.Core.ToolSets;

/// <summary>
/// Reads a tool set's file (a package's <c>Sdk/Sdk.props</c>) without MSBuild, for <c>dotnet env run SET@VERSION#tool</c>,
/// and to check that what MSBuild evaluated is what the file says. The file comes from a package anyone may publish, so
/// it is read as hostile XML: no DTD, a size bound, and only the one shape a set has — <c>&lt;Project&gt;</c>, holding
/// <c>&lt;ItemGroup&gt;</c>s, holding <c>&lt;ToolDefinition Include="name" Metadata="…" /&gt;</c> items whose values are
/// literal. A property, a condition, an import, a wildcard — anything that would need MSBuild to mean what it means —
/// is refused (ENV0442) rather than guessed at, naming the file and the line.
/// </summary>
public static class ToolSetFile
{
    /// <summary>Where a set package keeps its definitions: the file MSBuild's SDK resolver imports for <c>&lt;Sdk Name="…" /&gt;</c>.</summary>
    public const string PathInPackage = "Sdk/Sdk.props";

    /// <summary>Far more than a set of hundreds of tools for every platform needs; a file that is bigger is not a set.</summary>
    public const long MaxBytes = 4L << 20;

    /// <summary>The XML namespace MSBuild files may declare; no other.</summary>
    private const string MSBuildNamespace = "http://schemas.microsoft.com/developer/msbuild/2003";

    /// <summary>Attributes of an item element that are MSBuild operations, not metadata: they would change what the file means.</summary>
    private static readonly string[] ItemOperations =
        ["Exclude", "Remove", "Update", "Condition", "KeepMetadata", "RemoveMetadata", "KeepDuplicates", "MatchOnMetadata", "MatchOnMetadataOptions"];

    /// <summary>Every definition in the set, every platform's, judged as <c>Tool</c> items are (<see cref="ToolDefinitionParser"/>).</summary>
    public static ToolSet ReadSet(string path)
    {
        var full = Path.GetFullPath(path);
        return new ToolSet(ToolSetName.Of(full), full, ToolDefinitionParser.ParseAll(ReadItems(full)));
    }

    /// <summary>
    /// The set's definitions for a platform: for each tool, the item of the first RID on <paramref name="rid"/>'s fallback
    /// chain (<see cref="ToolSelection"/>); every platform's when <paramref name="rid"/> is null.
    /// </summary>
    public static IReadOnlyList<ToolSpec> Read(string path, string? rid)
    {
        var set = ReadSet(path);
        if (rid is null) return set.Definitions;
        // A tool the set has no item for on this platform is not offered here, rather than an error for the whole set.
        var chain = RuntimeIdentifierChain.Fallbacks(rid);
        var offered = set.Definitions.Where(d => chain.Contains(d.LockRid, StringComparer.OrdinalIgnoreCase));
        return ToolSelection.ForPlatform(offered, rid);
    }

    /// <summary>The items as written, with MSBuild's <c>%XX</c> escapes undone (as MSBuild does), not yet judged.</summary>
    public static IReadOnlyList<ToolDefinitionItem> ReadItems(string path)
    {
        var full = Path.GetFullPath(path);
        var info = new FileInfo(full);
        if (!info.Exists)
            throw new EnvException(EnvCode.ENV0440, $"Tool set file {full} does not exist.", full);
        if (info.Length > MaxBytes)
            throw TooBig(full, info.Length);
        try
        {
            using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan);
            return ReadItems(stream, full);
        }
        catch (IOException e)
        {
            throw new EnvException(EnvCode.ENV0440, $"Tool set file {full} cannot be read: {e.Message}", full, e);
        }
    }

    /// <summary>
    /// <see cref="ReadItems(string)"/> of a set file's bytes (a nupkg's entry), <paramref name="name"/> naming it in errors
    /// and as each definition's <c>DeclaredIn</c>. At most <see cref="MaxBytes"/> characters are read.
    /// </summary>
    public static IReadOnlyList<ToolDefinitionItem> ReadItems(Stream stream, string name)
    {
        // Bounds the read again: a file may grow between the length check and the read, a stream has no length.
        var settings = HostileXml.Settings(MaxBytes, ignoreWhitespace: true);
        var items = new List<ToolDefinitionItem>();
        try
        {
            using var reader = XmlReader.Create(stream, settings);
            reader.MoveToContent();
            Expect(reader, "Project", name);
            RefuseAttributes(reader, name, []);
            if (reader.IsEmptyElement) return items;
            reader.Read();
            while (reader.NodeType != XmlNodeType.EndElement)
            {
                Expect(reader, "ItemGroup", name);
                RefuseAttributes(reader, name, ["Label"]);
                if (reader.IsEmptyElement) { reader.Read(); continue; }
                reader.Read();
                while (reader.NodeType != XmlNodeType.EndElement)
                {
                    items.Add(ReadItem(reader, name));
                }
                reader.ReadEndElement();
            }
            reader.ReadEndElement();
            while (reader.Read())
            {
                if (reader.NodeType is not (XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace))
                    throw NotLiteral(reader, name, $"{Describe(reader)} after </Project>");
            }
        }
        catch (XmlException e)
        {
            throw new EnvException(EnvCode.ENV0441, $"Tool set file {name} is not readable XML (a DTD is refused): {e.Message}", name, e);
        }
        return items;
    }

    internal static EnvException TooBig(string name, long length) =>
        new(EnvCode.ENV0440, $"Tool set file {name} is {length} bytes; a tool set is at most {MaxBytes} bytes. It is not a tool set, or too big to be read as one.", name);

    private static ToolDefinitionItem ReadItem(XmlReader reader, string file)
    {
        // Item types are case-insensitive to MSBuild.
        if (reader.NodeType != XmlNodeType.Element || !string.Equals(reader.LocalName, "ToolDefinition", StringComparison.OrdinalIgnoreCase))
            throw NotLiteral(reader, file, $"{Describe(reader)} in an ItemGroup; a tool set's ItemGroups hold ToolDefinition items only");
        if (reader.NamespaceURI is not ("" or MSBuildNamespace))
            throw NotLiteral(reader, file, $"the namespace '{reader.NamespaceURI}'");
        var line = ((IXmlLineInfo)reader).LineNumber;
        string? include = null;
        var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (reader.MoveToFirstAttribute())
        {
            do
            {
                if (IsNamespaceDeclaration(reader)) continue;
                var name = reader.LocalName;
                if (ItemOperations.Contains(name, StringComparer.OrdinalIgnoreCase))
                    throw NotLiteral(reader, file, $"the attribute {name} on a ToolDefinition (only Include and metadata are read literally)");
                if (string.Equals(name, "Label", StringComparison.OrdinalIgnoreCase)) continue;
                var value = Literal(reader.Value, reader, file, name);
                if (string.Equals(name, "Include", StringComparison.OrdinalIgnoreCase)) include = value;
                else metadata[name] = value;
            } while (reader.MoveToNextAttribute());
            reader.MoveToElement();
        }
        if (string.IsNullOrWhiteSpace(include))
            throw NotLiteral(reader, file, "a ToolDefinition without Include (the tool's name)");
        include = include.Trim();
        // MSBuild would make several items of a list, or file names of a wildcard.
        if (include.IndexOfAny([';', '*', '?']) >= 0)
            throw NotLiteral(reader, file, $"ToolDefinition Include=\"{include}\" (';', '*' and '?' make MSBuild read it as a list or a wildcard)");
        if (!reader.IsEmptyElement)
            throw NotLiteral(reader, file, $"ToolDefinition '{include}' with content (write its metadata as attributes)");
        reader.Read();
        return new ToolDefinitionItem(include, metadata, file, line);
    }

    /// <summary>A value MSBuild would not change: no property, item or metadata reference; its <c>%XX</c> escapes undone.</summary>
    private static string Literal(string value, XmlReader reader, string file, string attribute)
    {
        if (value.Contains("$(", StringComparison.Ordinal) || value.Contains("@(", StringComparison.Ordinal) || value.Contains("%(", StringComparison.Ordinal))
            throw NotLiteral(reader, file, $"{attribute}=\"{PrintableText.Of(value)}\", which MSBuild would expand (a property, item or metadata reference); write the value itself");
        return MetadataText.Unescape(value);
    }

    private static void Expect(XmlReader reader, string element, string file)
    {
        if (reader.NodeType != XmlNodeType.Element || reader.LocalName != element)
            throw NotLiteral(reader, file, $"{Describe(reader)} where a tool set has <{element}>");
        if (reader.NamespaceURI is not ("" or MSBuildNamespace))
            throw NotLiteral(reader, file, $"the namespace '{reader.NamespaceURI}'");
    }

    private static void RefuseAttributes(XmlReader reader, string file, string[] allowed)
    {
        var element = reader.LocalName;
        if (!reader.MoveToFirstAttribute()) return;
        do
        {
            if (IsNamespaceDeclaration(reader) || allowed.Contains(reader.LocalName, StringComparer.OrdinalIgnoreCase)) continue;
            throw NotLiteral(reader, file, $"the attribute {reader.LocalName} on <{element}>");
        } while (reader.MoveToNextAttribute());
        reader.MoveToElement();
    }

    private static bool IsNamespaceDeclaration(XmlReader reader) =>
        reader.Prefix == "xmlns" || (reader.Prefix.Length == 0 && reader.LocalName == "xmlns");

    private static string Describe(XmlReader reader) => reader.NodeType switch
    {
        XmlNodeType.Element => $"<{reader.Name}>",
        XmlNodeType.Text or XmlNodeType.CDATA => "text",
        _ => reader.NodeType.ToString(),
    };

    private static EnvException NotLiteral(XmlReader reader, string file, string what)
    {
        var line = reader is IXmlLineInfo info && info.HasLineInfo() ? $" (line {info.LineNumber})" : "";
        return new EnvException(EnvCode.ENV0442,
            $"Tool set file {file}{line} holds {what}. A tool set is read without MSBuild (dotnet env run), so it may hold only <Project> with <ItemGroup>s of <ToolDefinition Include=\"name\" … /> items whose metadata are literal attributes: no properties, conditions, imports or targets.",
            file);
    }
}
