using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Env.Core.Adoption;

/// <summary>
/// The solution hook <c>dotnet env init</c> writes instead of listing env.proj in the solutions: Directory.Solution.targets
/// at the root, which MSBuild imports into every solution's build there (.sln and .slnx), importing Env.Sdk's
/// Solution.targets, so <c>dotnet build|restore|test</c> of a solution prepare and build the env while editors (which
/// never read the file) load only the C# projects. A solution that lists env.proj as a project makes every
/// MSBuildWorkspace-based tool report a load failure. An existing file keeps every byte: the import is inserted before its
/// last <c>&lt;/Project&gt;</c>, in its line break, and the result parsed again; one that imports it already stays.
/// </summary>
public static class SolutionHook
{
    public const string FileName = "Directory.Solution.targets";
    public const long MaxBytes = 1024 * 1024;
    private const string ImportElement = "<Import Project=\"Solution.targets\" Sdk=\"" + GlobalJsonPin.SdkName + "\" />";

    /// <param name="path">Directory.Solution.targets (for messages).</param>
    /// <param name="existing">Its bytes, or null when there is none.</param>
    /// <returns>The new text, or null when the file imports the hook already.</returns>
    public static string? Add(string path, byte[]? existing)
    {
        if (existing is null) return $"<Project>\n  {ImportElement}\n</Project>\n";

        var bom = existing.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        var text = Encoding.UTF8.GetString(existing.AsSpan(bom));
        if (Imports(path, text)) return null;

        var end = text.LastIndexOf("</Project>", StringComparison.Ordinal);
        if (end < 0) throw AdoptedFile.Unusable(path, "it has no </Project> to add the import before");
        var lineBreak = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var lineStart = text.LastIndexOf('\n', Math.Max(end - 1, 0)) + 1;
        // Before the closing tag on a line of its own; after the text before it when the tag shares a line.
        var inserted = text[lineStart..end].Trim().Length == 0
            ? text[..lineStart] + "  " + ImportElement + lineBreak + text[lineStart..]
            : text[..end] + lineBreak + "  " + ImportElement + lineBreak + text[end..];
        if (!Imports(path, inserted))
            throw AdoptedFile.Unusable(path, $"adding {ImportElement} before </Project> would not leave it a project that imports it (add it by hand)");
        return (bom > 0 ? "\uFEFF" : "") + inserted;
    }

    /// <summary>Whether the file, read as the checkout's XML, is a project importing Env.Sdk's Solution.targets. ENV0790 when it is not a project.</summary>
    private static bool Imports(string path, string text)
    {
        XDocument document;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxBytes * 2, MaxCharactersFromEntities = 0 };
            using var reader = XmlReader.Create(new StringReader(text), settings);
            document = XDocument.Load(reader);
        }
        catch (XmlException e)
        {
            throw AdoptedFile.Unusable(path, $"it is not well-formed XML ({e.Message})");
        }
        if (document.Root?.Name.LocalName != "Project") throw AdoptedFile.Unusable(path, "its root is not <Project>");
        return document.Root.Descendants().Any(e => e.Name.LocalName == "Import"
            && string.Equals((string?)e.Attribute("Sdk"), GlobalJsonPin.SdkName, StringComparison.OrdinalIgnoreCase)
            && string.Equals(((string?)e.Attribute("Project"))?.Trim(), "Solution.targets", StringComparison.OrdinalIgnoreCase));
    }
}
