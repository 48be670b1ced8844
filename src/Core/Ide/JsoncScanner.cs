using System.Text.Json;

namespace Env.Core.Ide;

/// <summary>
/// Finds the objects of a JSONC text (JSON with <c>//</c> and <c>/* */</c> comments and trailing commas, as VS Code
/// reads its settings) with their offsets. Runs only on text System.Text.Json has already accepted with those options
/// (<see cref="JsoncText"/>), so it need not report errors: it only has to skip what it does not edit.
/// </summary>
internal sealed class JsoncScanner(string text)
{
    private int _pos;

    public JsoncObject ReadRoot()
    {
        SkipTrivia();
        return ReadObject();
    }

    /// <summary>Skips white space and comments from <paramref name="pos"/>; returns where the next token starts.</summary>
    public static int SkipTrivia(string text, int pos)
    {
        while (pos < text.Length)
        {
            var c = text[pos];
            if (char.IsWhiteSpace(c) || c == '\uFEFF') pos++;
            else if (c == '/' && pos + 1 < text.Length && text[pos + 1] == '/')
            {
                while (pos < text.Length && text[pos] != '\n' && text[pos] != '\r') pos++;
            }
            else if (c == '/' && pos + 1 < text.Length && text[pos + 1] == '*')
            {
                var end = text.IndexOf("*/", pos + 2, StringComparison.Ordinal);
                pos = end < 0 ? text.Length : end + 2;
            }
            else break;
        }
        return pos;
    }

    private void SkipTrivia() => _pos = SkipTrivia(text, _pos);

    private JsoncObject ReadObject()
    {
        var open = _pos++;
        var members = new List<JsoncMember>();
        while (true)
        {
            SkipTrivia();
            var c = text[_pos];
            if (c == '}') return new JsoncObject(open, _pos++, members);
            if (c == ',')
            {
                _pos++;
                continue;
            }
            var start = _pos;
            var name = ReadString();
            SkipTrivia();
            _pos++; // ':'
            SkipTrivia();
            var valueStart = _pos;
            JsoncObject? obj = null;
            string? str = null;
            var isNull = false;
            switch (text[_pos])
            {
                case '{':
                    obj = ReadObject();
                    break;
                case '"':
                    str = ReadString();
                    break;
                default:
                    isNull = SkipValue() == "null";
                    break;
            }
            members.Add(new JsoncMember(name, start, valueStart, _pos, obj, str, isNull));
        }
    }

    /// <summary>Skips an array or a literal; returns the literal's text ("" for an array).</summary>
    private string SkipValue()
    {
        if (text[_pos] == '[')
        {
            _pos++;
            while (true)
            {
                SkipTrivia();
                var c = text[_pos];
                if (c == ']')
                {
                    _pos++;
                    return "";
                }
                if (c == ',') _pos++;
                else if (c == '{') ReadObject();
                else if (c == '"') ReadString();
                else SkipValue();
            }
        }
        var start = _pos;
        while (_pos < text.Length && !char.IsWhiteSpace(text[_pos]) && text[_pos] is not (',' or '}' or ']' or '/')) _pos++;
        return text[start.._pos];
    }

    private string ReadString()
    {
        var start = _pos++;
        while (text[_pos] != '"') _pos += text[_pos] == '\\' ? 2 : 1;
        _pos++;
        using var doc = JsonDocument.Parse(text[start.._pos]);
        return doc.RootElement.GetString()!;
    }
}
