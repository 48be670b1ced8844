namespace Env.Core.Editing;

/// <summary>One attribute as written: its decoded value and where its raw value sits in the text.</summary>
/// <param name="NameStart">Offset of the attribute's name.</param>
/// <param name="ValueStart">Offset of the first character inside the quotes.</param>
/// <param name="ValueEnd">Offset of the closing quote.</param>
/// <param name="Quote">The quote character the file uses for this attribute, kept when the value is replaced.</param>
internal sealed record XmlAttributeSpan(string Name, string Value, int NameStart, int ValueStart, int ValueEnd, char Quote);

/// <summary>
/// One element of a project file and the exact characters it covers, so an edit can replace or remove those
/// characters and leave every other byte of the file as it was (which an XML DOM, rewriting quotes and white space,
/// would not).
/// </summary>
internal sealed class XmlElementSpan
{
    public required string Name { get; init; }

    /// <summary>Offset of the <c>&lt;</c> that opens the element.</summary>
    public required int Start { get; init; }

    /// <summary>Offset just past the <c>&gt;</c> that ends the element (its end tag, or <c>/&gt;</c>).</summary>
    public int End { get; internal set; }

    /// <summary>Offset just past the start tag's <c>&gt;</c>.</summary>
    public required int StartTagEnd { get; init; }

    /// <summary>Offset of the <c>&lt;</c> of the end tag; null for an empty element (<c>&lt;Tool … /&gt;</c>).</summary>
    public int? EndTagStart { get; internal set; }

    public required int Line { get; init; }

    public XmlElementSpan? Parent { get; init; }

    public List<XmlAttributeSpan> Attributes { get; } = [];

    public List<XmlElementSpan> Children { get; } = [];

    /// <summary>Comments, text or processing instructions directly inside: what must survive the removal of the children.</summary>
    public bool HasOtherContent { get; internal set; }

    public bool IsEmpty => EndTagStart is null;

    public XmlAttributeSpan? Attribute(string name) =>
        Attributes.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));
}
