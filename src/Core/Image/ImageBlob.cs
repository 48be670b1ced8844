namespace Env.Core.Image;

/// <summary>
/// One blob of an image (a layer, the config, the manifest) in a <see cref="BlobFolder"/>: its OCI descriptor's
/// fields and the file that holds it.
/// </summary>
/// <param name="DiffId">For a layer, the digest of its uncompressed tar (the config's <c>rootfs.diff_ids</c>); else null.</param>
/// <param name="Description">What it holds, for the config's history and for progress lines (a store entry's name).</param>
public sealed record ImageBlob(string Digest, long Size, string MediaType, string Path, string? DiffId = null, string? Description = null)
{
    /// <summary>The digest's hex, the blob's file name under <c>blobs/sha256/</c>.</summary>
    public string Hex => Digest["sha256:".Length..];

    /// <summary>A <c>sha256:</c> digest as the download cache names files (checked to be one before).</summary>
    public static Nix.ContentHash CacheHash(string digest) => new(Nix.HashAlgorithmKind.Sha256, Convert.FromHexString(digest["sha256:".Length..]));
}
