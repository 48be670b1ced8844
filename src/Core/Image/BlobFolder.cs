using System.IO.Compression;
using System.Security.Cryptography;

namespace Env.Core.Image;

/// <summary>
/// An image's blobs while it is built: <c>sha256/&lt;hex&gt;</c> files in a private folder, each written to a
/// temporary name and renamed to its digest once whole, so a name always holds the bytes it says.
/// </summary>
public sealed class BlobFolder
{
    private readonly string _dir;

    public BlobFolder(string dir)
    {
        // The user's alone, though it sits in the shared store's .tmp: a base image's layers may be a private registry's.
        if (!OperatingSystem.IsWindows()) Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        _dir = Path.Combine(dir, "sha256");
        Directory.CreateDirectory(_dir);
    }

    /// <summary>A layer: the tar <paramref name="write"/> makes, gzipped, hashed both ways in one pass.</summary>
    public ImageBlob AddLayer(Action<LayerTar> write, string description)
    {
        var temp = Path.Combine(_dir, ".layer-" + Guid.NewGuid().ToString("N"));
        string digest, diffId;
        long size;
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (var compressed = new DigestingStream(file, leaveOpen: true))
            {
                using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
                using (var tar = new DigestingStream(gzip, leaveOpen: true))
                {
                    using (var layer = new LayerTar(tar)) write(layer);
                    tar.Flush();
                    diffId = tar.Digest;
                }
                digest = compressed.Digest;
                size = compressed.Written;
            }
            return new ImageBlob(digest, size, ImageMediaTypes.GzipLayer, Place(temp, digest), diffId, description);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>A JSON blob (config, manifest) as the bytes given.</summary>
    public ImageBlob AddJson(byte[] bytes, string mediaType)
    {
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        var temp = Path.Combine(_dir, ".json-" + Guid.NewGuid().ToString("N"));
        try
        {
            File.WriteAllBytes(temp, bytes);
            return new ImageBlob(digest, bytes.Length, mediaType, Place(temp, digest));
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private string Place(string temp, string digest)
    {
        var path = Path.Combine(_dir, digest["sha256:".Length..]);
        File.Move(temp, path, overwrite: true);
        return path;
    }
}
