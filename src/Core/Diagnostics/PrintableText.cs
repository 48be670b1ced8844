using System.Globalization;
using System.Text;

namespace Env.Core.Diagnostics;

/// <summary>Text from hostile input, for a message: control characters shown as escapes, so it cannot forge terminal output.</summary>
public static class PrintableText
{
    /// <summary>The most characters of a name a message shows; the rest is counted, not echoed.</summary>
    public const int MaxNameChars = 200;

    public static string Of(string? text) =>
        string.Concat((text ?? "").Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));

    /// <summary>
    /// The one way a message quotes a name taken from hostile input (an archive entry, a command name): at most
    /// <see cref="MaxNameChars"/> characters of it, then how many were left out, so a 100 MB name makes a short
    /// message; control characters, and the invisible format characters (bidi overrides, zero-width) that make a
    /// terminal show something else than the bytes, as <c>\uXXXX</c>.
    /// </summary>
    public static string Name(string? text)
    {
        text ??= "";
        var shown = text.Length > MaxNameChars ? text[..MaxNameChars] : text;
        var result = new StringBuilder(shown.Length + 16);
        foreach (var rune in shown.EnumerateRunes())
        {
            if (Rune.IsControl(rune) || IsInvisible(rune)) result.Append(rune.IsBmp ? $"\\u{rune.Value:x4}" : $"\\U{rune.Value:x8}");
            else result.Append(rune.ToString());
        }
        if (text.Length > shown.Length) result.Append($"… ({text.Length - shown.Length} more characters)");
        return result.ToString();
    }

    /// <summary>Format characters (bidi controls, zero-width spaces and joiners, BOM): they change what a reader sees.</summary>
    public static bool IsInvisible(Rune c) => Rune.GetUnicodeCategory(c) == UnicodeCategory.Format;
}
