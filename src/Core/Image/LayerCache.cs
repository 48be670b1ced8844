using System.Text;
using System.Text.Json;
using Env.Core.Fetching;

namespace Env.Core.Image;

/// <summary>
/// A store entry's layer, kept so the next image of an env that holds the entry reuses its bytes instead of tarring and
/// compressing it again. An entry's name is its content's hash and a layer is a pure function of the entry
/// (<see cref="LayerTar"/>, fixed gzip), so the entry's name and <see cref="Format"/> are the key: a record in
/// <c>EnvCacheDir/image-layers</c> names the layer's digest, and the blob is the download cache's (by digest, where the
/// base images' layers are too). A record is read as hostile (bounded, digests checked, the blob's size matching);
/// anything off is a miss, and the layer is made again and kept again.
/// </summary>
public sealed class LayerCache
{
    /// <summary>Changes whenever <see cref="LayerTar"/> or the compression would write other bytes for the same entry.</summary>
    public const string Format = "v1";

    private const int MaxRecordBytes = 4096;
    private const string BlobSuffix = ".layer";
    private readonly string _dir;
    private readonly DownloadCache _blobs;

    public LayerCache(string cacheDir)
    {
        _dir = Path.Combine(Path.GetFullPath(cacheDir), "image-layers");
        _blobs = new DownloadCache(cacheDir);
    }

    /// <summary>The layer made before for <paramref name="entry"/>, or null.</summary>
    public ImageBlob? TryGet(string entry)
    {
        try
        {
            if (IO.StateFile.TryRead(RecordPath(entry), MaxRecordBytes) is not { } bytes) return null;
            using var doc = JsonDocument.Parse(bytes);
            var root = doc.RootElement;
            var digest = root.GetProperty("digest").GetString() ?? "";
            var diffId = root.GetProperty("diffId").GetString() ?? "";
            var size = root.GetProperty("size").GetInt64();
            if (!BaseImageReference.IsDigest(digest) || !BaseImageReference.IsDigest(diffId)) return null;
            if (_blobs.TryGet(ImageBlob.CacheHash(digest), BlobSuffix) is not { } blob || !IO.StateFile.IsRegular(blob) || new FileInfo(blob).Length != size) return null;
            return new ImageBlob(digest, size, ImageMediaTypes.GzipLayer, blob, diffId, entry);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or IO.StateFileException or IOException or UnauthorizedAccessException)
        {
            return null; // a broken record is a miss: the layer is made again
        }
    }

    /// <summary>Keeps <paramref name="layer"/> (just made for <paramref name="entry"/>) for the next image; a failure to keep it only costs that.</summary>
    public void Put(string entry, ImageBlob layer)
    {
        try
        {
            var hash = ImageBlob.CacheHash(layer.Digest);
            if (_blobs.TryGet(hash, BlobSuffix) is not { } kept || new FileInfo(kept).Length != layer.Size)
            {
                // A blob of another size under this digest was damaged: it goes, and the one just made takes its place.
                File.Delete(_blobs.PathFor(hash, BlobSuffix));
                _blobs.SweepAbandonedTemp();
                var temp = _blobs.NewTempPath();
                try
                {
                    File.Copy(layer.Path, temp, overwrite: true);
                    _blobs.Commit(temp, hash, BlobSuffix);
                }
                finally
                {
                    File.Delete(temp);
                }
            }
            Directory.CreateDirectory(_dir);
            var record = $$"""{"digest":"{{layer.Digest}}","diffId":"{{layer.DiffId}}","size":{{layer.Size}}}""";
            IO.AtomicFile.WriteIfChanged(RecordPath(entry), Encoding.UTF8.GetBytes(record));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The cache is a speed-up: a full disk or a read-only cache leaves the image as it is.
        }
    }

    private string RecordPath(string entry) => Path.Combine(_dir, $"{entry}.{Format}.json");
}
