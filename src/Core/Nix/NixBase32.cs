namespace Env.Core.Nix;

/// <summary>
/// Nix's own base-32 (not RFC 4648): alphabet without e, o, u, t, and bits taken little-endian across the
/// bytes with the most significant 5-bit group printed first. Store paths and lock files use it, so it
/// must match nix's <c>base-nix-32.cc</c> bit for bit.
/// </summary>
public static class NixBase32
{
    /// <summary>The alphabet, in digit order: every other place that tells a nix32 character asks this type.</summary>
    public const string Alphabet = "0123456789abcdfghijklmnpqrsvwxyz";

    private static readonly System.Buffers.SearchValues<char> Digits = System.Buffers.SearchValues.Create(Alphabet);

    /// <summary>Whether every character of <paramref name="text"/> is a nix32 digit (true for an empty text).</summary>
    public static bool IsEncoded(ReadOnlySpan<char> text) => !text.ContainsAnyExcept(Digits);

    /// <summary>Whether <paramref name="b"/> is a nix32 digit as an ASCII byte (store references are found in binary files).</summary>
    public static bool IsDigit(byte b) => b < 128 && Digits.Contains((char)b);

    /// <summary>Characters needed for <paramref name="byteCount"/> bytes: ceil(bits / 5).</summary>
    public static int EncodedLength(int byteCount) => byteCount == 0 ? 0 : (byteCount * 8 - 1) / 5 + 1;

    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var length = EncodedLength(bytes.Length);
        if (length == 0) return string.Empty;
        // string.Create needs the bytes inside the callback; a copy keeps this simple and the inputs are hashes.
        return string.Create(length, bytes.ToArray(), static (chars, data) =>
        {
            for (var n = chars.Length - 1; n >= 0; n--)
            {
                // Character n holds bits n*5 .. n*5+4, counted from the least significant bit of byte 0.
                var bit = n * 5;
                var i = bit / 8;
                var j = bit % 8;
                var value = data[i] >> j;
                if (i + 1 < data.Length) value |= data[i + 1] << (8 - j);
                chars[chars.Length - 1 - n] = Alphabet[value & 0x1f];
            }
        });
    }

    /// <summary>Decodes nix base-32; throws <see cref="FormatException"/> on a foreign character or a length no byte count encodes to.</summary>
    public static byte[] Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TryDecode(text, out var bytes, out var error)) throw new FormatException(error);
        return bytes;
    }

    internal static bool TryDecode(string text, out byte[] bytes, out string? error)
    {
        bytes = [];
        var size = text.Length * 5 / 8;
        if (EncodedLength(size) != text.Length)
        {
            error = $"'{text}' is not nix base-32: {text.Length} characters is not the encoding of a whole number of bytes.";
            return false;
        }

        var result = new byte[size];
        for (var n = 0; n < text.Length; n++)
        {
            var c = text[text.Length - 1 - n];
            var digit = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (digit < 0)
            {
                error = $"'{text}' is not nix base-32: '{c}' is not in the alphabet {Alphabet} (nix omits e, o, u and t).";
                return false;
            }

            var bit = n * 5;
            var i = bit / 8;
            var j = bit % 8;
            result[i] |= (byte)(digit << j);
            var carry = digit >> (8 - j);
            if (i + 1 < size) result[i + 1] |= (byte)carry;
            else if (carry != 0)
            {
                // Bits beyond the last byte must be zero, otherwise two strings would decode to the same hash.
                error = $"'{text}' is not nix base-32: its leading character sets bits beyond the last byte.";
                return false;
            }
        }

        bytes = result;
        error = null;
        return true;
    }
}
