using System.Security.Cryptography;
using System.Text;

namespace Env.Core.Nix;

/// <summary>
/// The store path nix gives a fixed-output, recursively (NAR) hashed source, as
/// <c>nix-store --add-fixed --recursive sha256</c> prints it. Matching it lets Env and nix share paths.
/// </summary>
public static class FixedOutputPath
{
    /// <summary>Part of the fingerprint: paths are only comparable with nix's for the default store directory.</summary>
    public const string StoreDir = "/nix/store";

    /// <summary>Returns "&lt;32-char nix32&gt;-&lt;name&gt;" (without the store directory).</summary>
    public static string ComputeRecursiveSha256(byte[] narSha256, string name)
    {
        ArgumentNullException.ThrowIfNull(narSha256);
        ArgumentNullException.ThrowIfNull(name);
        if (narSha256.Length != 32) throw new ArgumentException($"A sha256 NAR hash has 32 bytes, not {narSha256.Length}.", nameof(narSha256));
        if (!StorePathName.IsValid(name))
        {
            throw new ArgumentException(
                $"'{name}' is not a valid store path name: use 1–{StorePathName.MaxLength} characters of 0-9 A-Z a-z + - . _ ? =, not starting with '.' (see StorePathName.Sanitize).",
                nameof(name));
        }

        // Recursive sha256 without references is nix's "source" path type (makeFixedOutputPath → makeStorePath).
        var fingerprint = $"source:sha256:{Convert.ToHexStringLower(narSha256)}:{StoreDir}:{name}";
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(fingerprint));
        return $"{NixBase32.Encode(CompressHash(digest, 20))}-{name}";
    }

    /// <summary>Nix shortens hashes by XOR-folding, not truncating: every input byte affects the result.</summary>
    internal static byte[] CompressHash(ReadOnlySpan<byte> hash, int size)
    {
        var result = new byte[size];
        for (var i = 0; i < hash.Length; i++) result[i % size] ^= hash[i];
        return result;
    }
}
