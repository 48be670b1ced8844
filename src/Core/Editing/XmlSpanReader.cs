using System.Xml;
using Env.Core.Diagnostics;

namespace Env.Core.Editing;

/// <summary>
/// Reads a project file's text into <see cref="XmlElementSpan"/>s: XmlReader judges well-formedness and reports where
/// each element and attribute starts; the ends of tags and the raw attribute values are found in the text itself.
/// No DTD, no external entity: the file is input from whoever committed it.
/// </summary>
internal static class XmlSpanReader
{
    public static XmlElementSpan Read(string text, string file)
    {
        var lineStarts = LineStarts(text);
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = false, IgnoreComments = false };
        XmlElementSpan? root = null;
        var open = new Stack<XmlElementSpan>();
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), settings);
            var info = (IXmlLineInfo)reader;
            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element:
                    {
                        var nameAt = Offset(lineStarts, info.LineNumber, info.LinePosition);
                        var start = nameAt - 1;
                        Expect(text, start, '<', file, info.LineNumber);
                        var startTagEnd = TagEnd(text, nameAt, file, info.LineNumber);
                        var parent = open.Count > 0 ? open.Peek() : null;
                        var element = new XmlElementSpan { Name = reader.Name, Start = start, StartTagEnd = startTagEnd, Line = info.LineNumber, Parent = parent };
                        var empty = reader.IsEmptyElement;
                        if (reader.MoveToFirstAttribute())
                        {
                            do
                            {
                                element.Attributes.Add(AttributeAt(text, Offset(lineStarts, info.LineNumber, info.LinePosition), reader.Name, reader.Value, file, info.LineNumber));
                            } while (reader.MoveToNextAttribute());
                            reader.MoveToElement();
                        }
                        parent?.Children.Add(element);
                        root ??= element;
                        if (empty) element.End = startTagEnd;
                        else open.Push(element);
                        break;
                    }
                    case XmlNodeType.EndElement:
                    {
                        var element = open.Pop();
                        var nameAt = Offset(lineStarts, info.LineNumber, info.LinePosition);
                        Expect(text, nameAt - 2, '<', file, info.LineNumber);
                        element.EndTagStart = nameAt - 2;
                        element.End = TagEnd(text, nameAt, file, info.LineNumber);
                        break;
                    }
                    case XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                        break;
                    default:
                        if (open.Count > 0) open.Peek().HasOtherContent = true;
                        break;
                }
            }
        }
        catch (XmlException e)
        {
            throw new EnvException(EnvCode.ENV0720,
                $"{file} is not well-formed XML: {e.Message} Nothing was changed. Fix the file (dotnet build names the same problem), then run the command again.",
                file, e);
        }
        return root ?? throw new EnvException(EnvCode.ENV0720, $"{file} has no root element. Nothing was changed.", file);
    }

    /// <summary>Offsets where each line starts; XmlReader counts \r\n, \r and \n as one line break each.</summary>
    private static List<int> LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n') i++;
                starts.Add(i + 1);
            }
            else if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }
        return starts;
    }

    private static int Offset(List<int> lineStarts, int line, int position) => lineStarts[line - 1] + position - 1;

    /// <summary>Just past the '&gt;' that closes the tag whose name starts at <paramref name="from"/>; quoted '&gt;' are skipped.</summary>
    private static int TagEnd(string text, int from, string file, int line)
    {
        char? quote = null;
        for (var i = from; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is { } q)
            {
                if (c == q) quote = null;
            }
            else if (c is '"' or '\'') quote = c;
            else if (c == '>') return i + 1;
        }
        throw Unlocatable(file, line);
    }

    private static XmlAttributeSpan AttributeAt(string text, int nameStart, string name, string value, string file, int line)
    {
        if (string.CompareOrdinal(text, nameStart, name, 0, name.Length) != 0) throw Unlocatable(file, line);
        var i = nameStart + name.Length;
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        Expect(text, i++, '=', file, line);
        while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
        if (i >= text.Length || text[i] is not ('"' or '\'')) throw Unlocatable(file, line);
        var quote = text[i];
        var valueStart = i + 1;
        var valueEnd = text.IndexOf(quote, valueStart);
        if (valueEnd < 0) throw Unlocatable(file, line);
        return new XmlAttributeSpan(name, value, nameStart, valueStart, valueEnd, quote);
    }

    private static void Expect(string text, int at, char c, string file, int line)
    {
        if (at < 0 || at >= text.Length || text[at] != c) throw Unlocatable(file, line);
    }

    // XmlReader and the text disagree: never guess where to cut.
    private static EnvException Unlocatable(string file, int line) =>
        new(EnvCode.ENV0720, $"{file}: the editor could not locate the XML at line {line} in the text. Nothing was changed. Edit env.proj by hand.", file);
}
