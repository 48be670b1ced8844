using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Env.Core.Diagnostics;

namespace Env.Core.Ide;

/// <summary>
/// A JSONC file as text, edited in place: members are inserted, replaced and removed as character spans, so every
/// other character — comments, indentation, trailing commas, the line break (LF or CRLF), a byte order mark — stays
/// (but for the white space next to the braces of an object written on one line, see <see cref="Insert"/>).
/// Before each edit the text is checked with System.Text.Json (comments skipped, trailing commas allowed), so an edit
/// never makes a valid file invalid and a file it cannot read is refused (ENV0830) rather than guessed at.
/// </summary>
public sealed class JsoncText
{
    private readonly string? _file;

    private JsoncText(string text, bool bom, string? file)
    {
        Text = text;
        HasBom = bom;
        _file = file;
        NewLine = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        Root = Parse(text, file);
    }

    /// <summary>The text without its byte order mark.</summary>
    public string Text { get; private set; }

    public bool HasBom { get; }

    public string NewLine { get; }

    public JsoncObject Root { get; private set; }

    /// <summary>Reads UTF-8 bytes (a BOM is kept aside and written back); empty or blank is an empty object.</summary>
    public static JsoncText Read(byte[] bytes, string? file)
    {
        var bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, bom ? 3 : 0, bytes.Length - (bom ? 3 : 0));
        }
        catch (DecoderFallbackException)
        {
            throw new EnvException(EnvCode.ENV0830, $"{file} is not UTF-8 text; Env.Sdk will not change it. Fix the file, or turn EnvVsCode off.", file);
        }
        // VS Code takes an empty settings file as no settings.
        if (string.IsNullOrWhiteSpace(text)) text = "{}" + (text.Length > 0 ? text : "\n");
        return new JsoncText(text, bom, file);
    }

    public byte[] ToBytes()
    {
        var body = Encoding.UTF8.GetBytes(Text);
        return HasBom ? [0xEF, 0xBB, 0xBF, .. body] : body;
    }

    /// <summary>A JSON string literal of <paramref name="value"/> (or null), escaped only where JSON requires.</summary>
    public static string Literal(string? value)
    {
        if (value is null) return "null";
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            writer.WriteStringValue(value);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Adds <c>"name": valueJson</c> as the last member of <paramref name="target"/>, on a line of its own indented like
    /// its siblings. <see cref="Remove"/> of that member gives back the text as it was before, byte for byte, except
    /// for an object written on one line (<c>{"editor.tabSize": 2}</c>): its braces are first given lines of their own
    /// (<see cref="OpenOntoLines"/>), and keep them, as a file written once by hand in that form is still well laid
    /// out with them.
    /// </summary>
    public void Insert(JsoncObject target, string name, string valueJson)
    {
        var member = Literal(name) + ": " + valueJson;
        target = OpenOntoLines(target);
        var outer = LineIndent(target.Open);
        if (target.Members.Count == 0)
        {
            var inner = outer + IndentUnit();
            // A blank object's inside is replaced; one holding only comments keeps them, after the member.
            if (IsBlank(target)) Edit(target.Open + 1, target.Close, NewLine + inner + member + NewLine + outer);
            else Edit(target.Open + 1, target.Open + 1, NewLine + inner + member);
            return;
        }
        var last = target.Members[^1];
        var indent = LineIndent(last.Start);
        // After the last member's comma and comment on its line, so a "// note" stays with the member it is about.
        var pos = last.ValueEnd;
        while (pos < Text.Length && Text[pos] is ' ' or '\t') pos++;
        var hadComma = pos < Text.Length && Text[pos] == ',';
        if (hadComma) pos++;
        var lineEnd = EndOfLineComments(pos);
        if (hadComma)
            Edit(lineEnd, lineEnd, NewLine + indent + member + ",");
        else
            Edit(last.ValueEnd, lineEnd, "," + Text[last.ValueEnd..lineEnd] + NewLine + indent + member);
    }

    /// <summary>
    /// Gives the braces of <paramref name="target"/> and of every object around it, where written on one line with
    /// their members, lines of their own (outermost first, so each inner one is indented from its parent's new line);
    /// returns <paramref name="target"/> as it then lies.
    /// </summary>
    private JsoncObject OpenOntoLines(JsoncObject target)
    {
        var path = new List<int>();
        if (!PathTo(Root, target.Open, path)) return target;
        for (var depth = 0; depth <= path.Count; depth++)
        {
            var obj = At(path.Take(depth));
            if (obj.Members.Count > 0) OpenBraces(obj);
        }
        return At(path);
    }

    /// <summary>
    /// A line break (and the members' indent) after a <c>{</c> that has a member on its line, and one before a
    /// <c>}</c> that follows the last member on its line. Only white space next to the braces changes; the members'
    /// text, and what lies between them, stays.
    /// </summary>
    private void OpenBraces(JsoncObject obj)
    {
        var open = obj.Open;
        var outer = LineIndent(open);
        var last = obj.Members[^1];
        // The closing brace first: it lies after everything else edited here, so the opening brace's offset stays.
        var next = JsoncScanner.SkipTrivia(Text, last.ValueEnd);
        var tail = next < Text.Length && Text[next] == ',' ? EndOfLineComments(next + 1) : EndOfLineComments(last.ValueEnd);
        if (Text[tail..obj.Close].All(c => c is ' ' or '\t'))
            Edit(tail, obj.Close, NewLine + outer);
        var first = At(PathOf(open)).Members[0];
        if (!Text[(open + 1)..first.Start].Contains('\n'))
        {
            var after = open + 1;
            while (Text[after] is ' ' or '\t') after++;
            Edit(open + 1, after, NewLine + outer + IndentUnit());
        }
    }

    /// <summary>The member indexes that lead from the root to the object opening at <paramref name="open"/>.</summary>
    private static bool PathTo(JsoncObject obj, int open, List<int> path)
    {
        if (obj.Open == open) return true;
        for (var i = 0; i < obj.Members.Count; i++)
        {
            if (obj.Members[i].Object is not { } child) continue;
            path.Add(i);
            if (PathTo(child, open, path)) return true;
            path.RemoveAt(path.Count - 1);
        }
        return false;
    }

    private List<int> PathOf(int open)
    {
        var path = new List<int>();
        PathTo(Root, open, path);
        return path;
    }

    private JsoncObject At(IEnumerable<int> path) => path.Aggregate(Root, (o, i) => o.Members[i].Object!);

    /// <summary>Replaces a member's value.</summary>
    public void Replace(JsoncMember member, string valueJson) => Edit(member.ValueStart, member.ValueEnd, valueJson);

    /// <summary>
    /// Removes a member with its line (when nothing else is on it) and its comma — the one after it, or for the last
    /// member the one after its predecessor — and empties an object left with nothing but white space.
    /// </summary>
    public void Remove(JsoncObject parent, JsoncMember member)
    {
        var index = parent.Members.ToList().IndexOf(member);
        var start = member.Start;
        var lineStart = start;
        while (lineStart > 0 && Text[lineStart - 1] is ' ' or '\t') lineStart--;
        if (lineStart > 0 && Text[lineStart - 1] == '\n')
            start = lineStart - 1 - (lineStart > 1 && Text[lineStart - 2] == '\r' ? 1 : 0);
        var end = member.ValueEnd;
        var after = end;
        while (after < Text.Length && Text[after] is ' ' or '\t') after++;
        var comma = -1;
        if (after < Text.Length && Text[after] == ',') end = after + 1;
        else if (index > 0)
        {
            var c = JsoncScanner.SkipTrivia(Text, parent.Members[index - 1].ValueEnd);
            if (c < start && Text[c] == ',') comma = c;
        }
        // The comma lies before the member, so removing the member first leaves its offset as it is.
        Edit(start, end, "");
        if (comma >= 0) Edit(comma, comma + 1, "");
        if (Find(Root, parent.Open) is { } left && left.Members.Count == 0 && IsBlank(left)) Edit(left.Open + 1, left.Close, "");
    }

    /// <summary>Whether the object holds nothing but white space (no member, no comment).</summary>
    public bool IsBlank(JsoncObject obj) => string.IsNullOrWhiteSpace(Text[(obj.Open + 1)..obj.Close]);

    private static JsoncObject? Find(JsoncObject obj, int open) =>
        obj.Open == open ? obj : obj.Members.Select(m => m.Object is { } o ? Find(o, open) : null).FirstOrDefault(o => o is not null);

    private int EndOfLineComments(int pos)
    {
        var p = pos;
        while (p < Text.Length && Text[p] is ' ' or '\t') p++;
        if (p + 1 < Text.Length && Text[p] == '/' && Text[p + 1] == '/')
        {
            while (p < Text.Length && Text[p] is not ('\n' or '\r')) p++;
            return p;
        }
        return pos;
    }

    /// <summary>The white space that starts the line <paramref name="at"/> is on.</summary>
    private string LineIndent(int at)
    {
        var start = at;
        while (start > 0 && Text[start - 1] is not ('\n' or '\r')) start--;
        var end = start;
        while (end < at && Text[end] is ' ' or '\t') end++;
        return Text[start..end];
    }

    /// <summary>The indent of the root's first member, else a tab (what VS Code writes into settings.json).</summary>
    private string IndentUnit()
    {
        if (Root.Members.Count > 0)
        {
            var indent = LineIndent(Root.Members[0].Start);
            if (indent.Length > 0) return indent;
        }
        return "\t";
    }

    private void Edit(int start, int end, string replacement)
    {
        var text = string.Concat(Text.AsSpan(0, start), replacement, Text.AsSpan(end));
        Root = Parse(text, _file);
        Text = text;
    }

    private static JsoncObject Parse(string text, string? file)
    {
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new EnvException(EnvCode.ENV0830, $"{file} is not a JSON object (it is {doc.RootElement.ValueKind}); Env.Sdk will not change it. Fix the file, or turn EnvVsCode off.", file);
        }
        catch (JsonException e)
        {
            throw new EnvException(EnvCode.ENV0830, $"{file} is not valid JSON with comments ({e.Message}); Env.Sdk will not change it. Fix the file, or turn EnvVsCode off.", file);
        }
        return new JsoncScanner(text).ReadRoot();
    }
}
