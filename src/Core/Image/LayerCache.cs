using System.Text;
using System.Text.Json;

namespace Env.Core.Image;

/// <summary>
/// A store entry's layer, kept in the download cache (<c>EnvCacheDir/image-layers</c>) so the next image of an env that
/// holds the entry reuses its bytes instead of tarring and compressing it again. An entry's name is its content's hash
/// and a layer is a pure function of the entry (<see cref="LayerTar"/>, fixed gzip), so the entry's name and
/// <see cref="Format"/> are the key. A record is read as hostile (bounded, digests checked, the blob's size matching);
/// anything off is a miss, and the layer is made again.
/// </summary>
public sealed class LayerCache
{
    /// <summary>Changes whenever <see cref="LayerTar"/> or the compression would write other bytes for the same entry.</summary>
    public const string Format = "v1";

    private const int MaxRecordBytes = 4096;
    private readonly string _dir;

    public LayerCache(string cacheDir)
    {
        _dir = Path.Combine(Path.GetFullPath(cacheDir), "image-layers");
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
            var blob = BlobPath(digest);
            if (!IO.StateFile.IsRegular(blob) || new FileInfo(blob).Length != size) return null;
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
            Directory.CreateDirectory(_dir);
            SweepAbandoned();
            var blob = BlobPath(layer.Digest);
            if (!IO.StateFile.IsRegular(blob) || new FileInfo(blob).Length != layer.Size)
            {
                var temp = Path.Combine(_dir, $".tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
                try
                {
                    File.Copy(layer.Path, temp);
                    File.Move(temp, blob, overwrite: true);
                }
                finally
                {
                    File.Delete(temp);
                }
            }
            var record = $$"""{"digest":"{{layer.Digest}}","diffId":"{{layer.DiffId}}","size":{{layer.Size}}}""";
            IO.AtomicFile.WriteIfChanged(RecordPath(entry), Encoding.UTF8.GetBytes(record));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The cache is a speed-up: a full disk or a read-only cache leaves the image as it is.
        }
    }

    /// <summary>Temporary copies whose process is gone (a build killed while keeping a layer).</summary>
    private void SweepAbandoned()
    {
        foreach (var file in Directory.EnumerateFiles(_dir, ".tmp-*"))
        {
            if (IO.OwnerProcess.IsAbandoned(Path.GetFileName(file), ".tmp-")) File.Delete(file);
        }
    }

    private string RecordPath(string entry) => Path.Combine(_dir, $"{entry}.{Format}.json");

    private string BlobPath(string digest) => Path.Combine(_dir, "sha256-" + digest["sha256:".Length..] + ".tar.gz");
}
