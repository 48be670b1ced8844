namespace Env.Core.Nix;

/// <summary>
/// A content hash as users write it: SRI ("sha256-&lt;base64&gt;"), "sha256:" followed by hex, nix base-32 or
/// base64 (nix's own prefixed forms), or bare hex / bare nix base-32 where the length says which algorithm.
/// Equality is by algorithm and bytes, so the same hash written two ways compares equal.
/// </summary>
public readonly record struct ContentHash(HashAlgorithmKind Algorithm, byte[] Bytes)
{
    // Get-only (no init): `with { Algorithm = … }` must not pair an algorithm with bytes of the wrong length.
    public HashAlgorithmKind Algorithm { get; } = Algorithm;

    private readonly byte[] bytes = CheckLength(Algorithm, Bytes);

    /// <summary>A copy: a hash may be a dictionary key, so its bytes must not change under it.</summary>
    public byte[] Bytes => (byte[])(bytes ?? []).Clone();

    public static ContentHash Parse(string text)
    {
        if (!TryParse(text, out var hash, out var error)) throw new FormatException(error);
        return hash;
    }

    public static bool TryParse(string text, out ContentHash hash, out string? error)
    {
        hash = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "A hash is required, e.g. sha256-<base64> (SRI) or 64 hex digits.";
            return false;
        }

        var trimmed = text.Trim();

        // "sha256-…" is SRI (base64 only); "sha256:…" is nix's typed form (hex, nix32 or base64).
        var separator = trimmed.IndexOfAny(['-', ':']);
        var unknownAlgorithm = false;
        if (separator > 0 && TryParseAlgorithm(trimmed[..separator], out var algorithm, out unknownAlgorithm))
        {
            var body = trimmed[(separator + 1)..];
            if (trimmed[separator] == '-')
            {
                return TryBase64(algorithm, body, text, out hash, out error);
            }

            return TryTypedBody(algorithm, body, text, out hash, out error);
        }

        if (separator > 0 && unknownAlgorithm)
        {
            error = $"'{text}' uses the hash algorithm '{trimmed[..separator]}'; only sha256 and sha512 are supported.";
            return false;
        }

        // No prefix: only lengths that identify the algorithm unambiguously are accepted.
        foreach (var kind in new[] { HashAlgorithmKind.Sha256, HashAlgorithmKind.Sha512 })
        {
            if (trimmed.Length == kind.ByteLength() * 2) return TryHex(kind, trimmed, text, out hash, out error);
            if (trimmed.Length == NixBase32.EncodedLength(kind.ByteLength())) return TryNix32(kind, trimmed, text, out hash, out error);
        }

        error = $"'{text}' is not a recognised hash: expected SRI (sha256-<base64>), 'sha256:' followed by hex/nix32/base64, "
            + "or bare hex of 64 (sha256) or 128 (sha512) characters.";
        return false;
    }

    public string ToSri() => $"{Algorithm.Name()}-{Convert.ToBase64String(bytes)}";

    public string ToHex() => Convert.ToHexStringLower(bytes);

    /// <summary>Bare nix base-32, as <c>nix-hash --base32</c> prints it; <see cref="Parse"/> reads it back.</summary>
    public string ToNix32() => NixBase32.Encode(bytes);

    public override string ToString() => bytes is null ? string.Empty : ToSri();

    public bool Equals(ContentHash other) =>
        Algorithm == other.Algorithm && (bytes ?? []).AsSpan().SequenceEqual(other.bytes ?? []);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Algorithm);
        hash.AddBytes(bytes ?? []);
        return hash.ToHashCode();
    }

    private static byte[] CheckLength(HashAlgorithmKind algorithm, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length != algorithm.ByteLength())
        {
            throw new ArgumentException($"A {algorithm.Name()} hash has {algorithm.ByteLength()} bytes, not {bytes.Length}.", nameof(bytes));
        }

        // Copy so a caller mutating its array cannot change a hash that may already sit in a dictionary.
        return (byte[])bytes.Clone();
    }

    private static bool TryParseAlgorithm(string name, out HashAlgorithmKind algorithm, out bool unknownAlgorithm)
    {
        algorithm = default;
        unknownAlgorithm = false;
        switch (name.ToLowerInvariant())
        {
            case "sha256": algorithm = HashAlgorithmKind.Sha256; return true;
            case "sha512": algorithm = HashAlgorithmKind.Sha512; return true;
            case "md5" or "sha1": unknownAlgorithm = true; return false;
            default: return false;
        }
    }

    private static bool TryTypedBody(HashAlgorithmKind kind, string body, string text, out ContentHash hash, out string? error)
    {
        var size = kind.ByteLength();
        if (body.Length == size * 2) return TryHex(kind, body, text, out hash, out error);
        if (body.Length == NixBase32.EncodedLength(size)) return TryNix32(kind, body, text, out hash, out error);
        if (body.Length == (size + 2) / 3 * 4) return TryBase64(kind, body, text, out hash, out error);
        hash = default;
        error = $"'{text}' has a {kind.Name()} body of {body.Length} characters; expected {size * 2} (hex), "
            + $"{NixBase32.EncodedLength(size)} (nix32) or {(size + 2) / 3 * 4} (base64).";
        return false;
    }

    private static bool TryHex(HashAlgorithmKind kind, string body, string text, out ContentHash hash, out string? error)
    {
        hash = default;
        try
        {
            hash = new ContentHash(kind, Convert.FromHexString(body));
            error = null;
            return true;
        }
        catch (FormatException)
        {
            error = $"'{text}' looks like a hex {kind.Name()} hash but contains characters other than 0-9 and a-f.";
            return false;
        }
    }

    private static bool TryNix32(HashAlgorithmKind kind, string body, string text, out ContentHash hash, out string? error)
    {
        hash = default;
        if (!NixBase32.TryDecode(body, out var bytes, out var decodeError))
        {
            error = $"'{text}' looks like a nix base-32 {kind.Name()} hash but is invalid: {decodeError}";
            return false;
        }

        hash = new ContentHash(kind, bytes);
        error = null;
        return true;
    }

    private static bool TryBase64(HashAlgorithmKind kind, string body, string text, out ContentHash hash, out string? error)
    {
        hash = default;
        var buffer = new byte[kind.ByteLength() + 3];
        if (!Convert.TryFromBase64String(body, buffer, out var written) || written != kind.ByteLength())
        {
            error = $"'{text}' is not a valid {kind.Name()} SRI hash: the part after '{kind.Name()}-' must be standard base64 "
                + $"(with '=' padding) of exactly {kind.ByteLength()} bytes.";
            return false;
        }

        hash = new ContentHash(kind, buffer[..written]);
        error = null;
        return true;
    }
}
