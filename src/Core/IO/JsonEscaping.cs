using System.Text.Encodings.Web;

namespace Env.Core.IO;

/// <summary>
/// How every JSON file of ours escapes its strings: only what JSON requires (<c>"</c>, <c>\</c>, control characters,
/// with the short forms <c>\n</c>, <c>\t</c>…) and the three line breaks JavaScript does not allow in a string (U+0085,
/// U+2028, U+2029); everything else, <c>+</c> and <c>&amp;</c> and <c>é</c> and emoji too, is written as itself. That is
/// what env.lock.json and env.json were written with before they moved to System.Text.Json, so a lock in a repository
/// does not change a byte when it is written again. System.Text.Json's own encoders escape more (the default one
/// <c>+</c>, every non-ASCII character; even the relaxed one characters beyond the BMP).
/// </summary>
public sealed class JsonEscaping : JavaScriptEncoder
{
    public static readonly JsonEscaping Instance = new();

    private JsonEscaping()
    {
    }

    public override int MaxOutputCharactersPerInputCharacter => 6; // \uXXXX

    public override bool WillEncode(int unicodeScalar) =>
        unicodeScalar < 0x20 || unicodeScalar is '"' or '\\' or 0x85 or 0x2028 or 0x2029;

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        for (var i = 0; i < textLength; i++)
        {
            // A lone surrogate is passed on: the writer replaces or refuses it, as it does for any encoder.
            if (WillEncode(text[i])) return i;
        }
        return -1;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        var escaped = unicodeScalar switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\b' => "\\b",
            '\f' => "\\f",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            _ when WillEncode(unicodeScalar) => "\\u" + unicodeScalar.ToString("x4", System.Globalization.CultureInfo.InvariantCulture),
            _ => char.ConvertFromUtf32(unicodeScalar),
        };
        numberOfCharactersWritten = 0;
        if (escaped.Length > bufferLength) return false;
        for (var i = 0; i < escaped.Length; i++) buffer[i] = escaped[i];
        numberOfCharactersWritten = escaped.Length;
        return true;
    }

    /// <summary>Options for an indented file: two spaces, <c>\n</c> line breaks on every platform, this escaping.</summary>
    public static System.Text.Json.JsonWriterOptions Indented => new() { Indented = true, NewLine = "\n", Encoder = Instance };

    /// <summary><paramref name="value"/> as a JSON string literal, quotes included.</summary>
    public static string Quote(string value)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions { Encoder = Instance }))
            w.WriteStringValue(value);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
