using System.Security.Cryptography;
using Env.Core.Nix;

namespace Env.Core.Tests.Nix;

public class ContentHashTests
{
    private const string AbcHex = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private const string AbcNix32 = "1b8m03r63zqhnjf7l5wnldhh7c134ap5vpj0850ymkq1iyzicy5s";
    private const string AbcSri = "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=";

    [Theory]
    [InlineData(AbcSri)]
    [InlineData(AbcHex)]
    [InlineData("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD")]
    [InlineData("sha256:" + AbcHex)]
    [InlineData("sha256:" + AbcNix32)]
    [InlineData("sha256:ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=")]
    [InlineData(AbcNix32)]
    [InlineData("  " + AbcSri + "\n")]
    public void Every_notation_of_sha256_abc_parses_to_the_same_hash(string text)
    {
        var hash = ContentHash.Parse(text);

        Assert.Equal(HashAlgorithmKind.Sha256, hash.Algorithm);
        Assert.Equal(SHA256.HashData("abc"u8), hash.Bytes);
    }

    [Fact]
    public void Formats_sha256_abc_as_sri_hex_and_nix32()
    {
        var hash = new ContentHash(HashAlgorithmKind.Sha256, SHA256.HashData("abc"u8));

        Assert.Equal(AbcSri, hash.ToSri());
        Assert.Equal(AbcHex, hash.ToHex());
        Assert.Equal(AbcNix32, hash.ToNix32());
        Assert.Equal(AbcSri, hash.ToString());
    }

    [Fact]
    public void Sha512_round_trips_through_sri_hex_and_nix32()
    {
        var hash = new ContentHash(HashAlgorithmKind.Sha512, SHA512.HashData("abc"u8));

        Assert.StartsWith("sha512-", hash.ToSri());
        Assert.Equal(128, hash.ToHex().Length);
        Assert.Equal(hash, ContentHash.Parse(hash.ToSri()));
        Assert.Equal(hash, ContentHash.Parse(hash.ToHex()));
        Assert.Equal(hash, ContentHash.Parse(hash.ToNix32()));
        Assert.Equal(hash, ContentHash.Parse("sha512:" + hash.ToNix32()));
    }

    [Fact]
    public void Hashes_are_equal_by_algorithm_and_bytes_not_by_array_identity()
    {
        var a = ContentHash.Parse(AbcSri);
        var b = ContentHash.Parse(AbcHex);

        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Single(new HashSet<ContentHash> { a, b });
        Assert.NotEqual(a, ContentHash.Parse("sha256-" + Convert.ToBase64String(SHA256.HashData("abd"u8))));
    }

    [Fact]
    public void Keeps_its_own_copy_of_the_bytes()
    {
        var bytes = SHA256.HashData("abc"u8);
        var hash = new ContentHash(HashAlgorithmKind.Sha256, bytes);
        bytes[0] ^= 0xff;

        Assert.Equal(AbcHex, hash.ToHex());

        hash.Bytes[0] ^= 0xff;
        Assert.Equal(AbcHex, hash.ToHex());
    }

    [Fact]
    public void Rejects_bytes_of_the_wrong_length_for_the_algorithm()
    {
        Assert.Throws<ArgumentException>(() => new ContentHash(HashAlgorithmKind.Sha512, new byte[32]));
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("md5-XUFAKrxLKna5cZ2REBfFkg==", "only sha256 and sha512")]
    [InlineData("sha1:a9993e364706816aba3e25717850c26c9cd0d89d", "only sha256 and sha512")]
    [InlineData("sha256-not*base64", "base64")]
    [InlineData("sha256-3a9zrHS5ZeSBDzdyXzf+7fqkHsaJHvd8rzfNyxwlU8vWBCAKcvB0+ayzgGJ8k7qPSCi0w1nA8ZLdWxkozsSMuw==", "exactly 32 bytes")]
    [InlineData("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015a", "not a recognised hash")]
    [InlineData("za7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "hex")]
    [InlineData("sha256:1b8m03r63zqhnjf7l5wnldhh7c134ap5vpj0850ymkq1iyzicy5e", "alphabet")]
    [InlineData("sha256:abc", "expected 64 (hex), 52 (nix32) or 44 (base64)")]
    public void Rejects_malformed_text_with_a_message_that_says_what_is_wrong(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => ContentHash.Parse(text));
        Assert.Contains(expected, error.Message);

        Assert.False(ContentHash.TryParse(text, out var hash, out var message));
        Assert.Equal(default, hash);
        Assert.Equal(error.Message, message);
    }
}
