namespace Env.Core.Nix;

/// <summary>The hash algorithms Env accepts for content; weaker ones (md5, sha1) are deliberately absent.</summary>
public enum HashAlgorithmKind
{
    Sha256,
    Sha512,
}

internal static class HashAlgorithmKindExtensions
{
    public static int ByteLength(this HashAlgorithmKind kind) => kind switch
    {
        HashAlgorithmKind.Sha256 => 32,
        HashAlgorithmKind.Sha512 => 64,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown hash algorithm."),
    };

    /// <summary>The name nix and SRI use ("sha256"), also the prefix in "sha256:…" and "sha256-…".</summary>
    public static string Name(this HashAlgorithmKind kind) => kind switch
    {
        HashAlgorithmKind.Sha256 => "sha256",
        HashAlgorithmKind.Sha512 => "sha512",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown hash algorithm."),
    };
}
