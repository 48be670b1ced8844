using System.Security.Cryptography;
using System.Text;
using Env.Core.Nix;

namespace Env.Core.Tests.Nix;

public class NixBase32Tests
{
    private const string AbcNix32 = "1b8m03r63zqhnjf7l5wnldhh7c134ap5vpj0850ymkq1iyzicy5s";

    [Fact]
    public void Encodes_sha256_of_abc_like_nix()
    {
        Assert.Equal(AbcNix32, NixBase32.Encode(SHA256.HashData("abc"u8)));
    }

    [Fact]
    public void Decodes_sha256_of_abc_back_to_its_bytes()
    {
        Assert.Equal(SHA256.HashData("abc"u8), NixBase32.Decode(AbcNix32));
    }

    [Theory]
    [InlineData(32, 52)]
    [InlineData(20, 32)]
    [InlineData(64, 103)]
    [InlineData(1, 2)]
    [InlineData(0, 0)]
    public void Encoded_length_is_the_number_of_5_bit_groups(int bytes, int chars)
    {
        Assert.Equal(chars, NixBase32.Encode(new byte[bytes]).Length);
    }

    [Fact]
    public void Round_trips_every_length_up_to_70_bytes()
    {
        var random = new Random(42);
        for (var length = 0; length <= 70; length++)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            Assert.Equal(bytes, NixBase32.Decode(NixBase32.Encode(bytes)));
        }
    }

    [Theory]
    [InlineData("1b8m03r63zqhnjf7l5wnldhh7c134ap5vpj0850ymkq1iyzicy5e")] // 'e' is not in the alphabet
    [InlineData("1B8M03R63ZQHNJF7L5WNLDHH7C134AP5VPJ0850YMKQ1IYZICY5S")] // upper case is not nix32
    [InlineData("abc")] // 3 characters encode no whole number of bytes
    [InlineData("z0")] // sets bits beyond the single byte
    public void Decode_rejects_malformed_text_with_FormatException(string text)
    {
        var error = Assert.Throws<FormatException>(() => NixBase32.Decode(text));
        Assert.Contains("nix base-32", error.Message);
    }

    [Fact]
    public void Encoding_matches_nix_hash_to_base32_for_random_hashes()
    {
        using var nix = new NixOracle();
        var random = new Random(7);
        for (var i = 0; i < 5; i++)
        {
            var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"sample {random.Next()}"));
            Assert.Equal(nix.ToNix32(Convert.ToHexStringLower(bytes)), NixBase32.Encode(bytes));
        }
    }

    [Fact]
    public void Its_digits_are_the_alphabet_it_encodes_with_and_nothing_else()
    {
        for (var b = 0; b < 256; b++)
            Assert.Equal(NixBase32.Alphabet.Contains((char)b), NixBase32.IsDigit((byte)b));
        Assert.True(NixBase32.IsEncoded(NixBase32.Encode(SHA256.HashData("abc"u8))));
        Assert.False(NixBase32.IsEncoded("0e"));
    }
}
