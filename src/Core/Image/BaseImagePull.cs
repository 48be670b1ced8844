using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Env.Core.Diagnostics;
using Env.Core.Fetching;

namespace Env.Core.Image;

/// <summary>
/// <c>ContainerBaseImage</c> pulled from its registry (<see cref="RegistrySession"/>, for <c>pull</c>): the tag's
/// manifest or index (<see cref="ResolveAsync"/>), then by digest the platform's manifest, its config and its layers.
/// Everything a registry sends is hostile until checked: every manifest and config is hashed and must be the digest it
/// was asked by (a tag's answer is hashed to give its digest), bounded (4 MiB each), and of a media type an image has;
/// each layer is streamed into the download cache (<c>EnvCacheDir</c>, the user's own, since a private base is not for
/// the shared store), stopped at the size its descriptor gives, and kept only once its sha256 is the digest. What is
/// asked by digest (manifests, config, layers) is kept in the cache once checked and never fetched again, so with the
/// lock's pin an image is built offline (<c>EnvOffline</c>: no request at all; what the cache lacks is ENV0120).
/// </summary>
public sealed class BaseImagePull : IDisposable
{
    private const int MaxDocumentBytes = 4 << 20;

    /// <summary>What a base may bring in all (each layer at most DownloadLimits' 4 GiB): a bound on the disk a registry can fill.</summary>
    private const long MaxTotalBytes = 16L << 30;

    /// <summary>More layers than an overlay mount takes is no base an env can go on.</summary>
    private const int MaxLayers = 100;

    private static readonly string[] ManifestTypes =
    [
        ImageMediaTypes.Index, ImageMediaTypes.Manifest,
        "application/vnd.docker.distribution.manifest.list.v2+json", "application/vnd.docker.distribution.manifest.v2+json",
    ];

    private readonly RegistrySession _session;
    private readonly BaseImageReference _reference;
    private readonly DownloadCache _cache;
    private readonly bool _offline;

    /// <param name="offline">EnvOffline: nothing is asked of the registry; what the download cache lacks is ENV0120.</param>
    /// <param name="stallTimeout">How long a read may go without a byte (ENVSDK_STALL_TIMEOUT); 60 s when null.</param>
    public BaseImagePull(BaseImageReference reference, RegistryCredentials? credentials, bool insecure, string cacheDir, string? projectFile, bool offline = false, TimeSpan? stallTimeout = null)
    {
        _reference = reference;
        _offline = offline;
        _session = new RegistrySession(reference.Registry, reference.Repository, credentials, "pull", insecure, "ContainerBaseImage", projectFile)
        {
            StallTimeout = stallTimeout ?? DownloadLimits.DefaultStallTimeout,
        };
        _cache = new DownloadCache(cacheDir);
    }

    /// <summary>The digest the reference's tag names now (the hash of the manifest or index the registry answers).</summary>
    public async Task<string> ResolveAsync(CancellationToken ct)
    {
        if (_offline) throw Offline($"the tag {_reference.Tag ?? "latest"}");
        var (digest, _, _) = await ManifestAsync(_reference.Tag ?? "latest", expected: null, ct);
        return digest;
    }

    /// <summary>The image at <paramref name="digest"/> for the platform: its manifest (through an index), config and layers.</summary>
    public async Task<BaseImage> PullAsync(string digest, string os, string architecture, IEnvLog log, CancellationToken ct)
    {
        var (_, bytes, mediaType) = await ManifestAsync(digest, digest, ct);
        var manifestDigest = digest;
        if (IsIndex(mediaType))
        {
            manifestDigest = PlatformManifest(bytes, os, architecture);
            (_, bytes, mediaType) = await ManifestAsync(manifestDigest, manifestDigest, ct);
            if (IsIndex(mediaType)) throw Refused($"the index's entry for {os}/{architecture} is another index");
        }
        var (configDescriptor, layerDescriptors) = ImageManifest(bytes);
        var config = await DocumentAsync(configDescriptor.Digest, ct);
        var diffIds = CheckConfig(config, os, architecture, layerDescriptors.Count);
        _cache.SweepAbandonedTemp();
        var layers = new List<ImageBlob>();
        for (var i = 0; i < layerDescriptors.Count; i++)
        {
            var layer = layerDescriptors[i];
            var path = await LayerAsync(layer, log, ct);
            layers.Add(new ImageBlob(layer.Digest, layer.Size, layer.MediaType, path, diffIds[i], $"{_reference.Registry}/{_reference.Repository} layer {i + 1}"));
        }
        log.Info($"Base image {_reference} ({digest[..19]}): {layers.Count} layers, {layers.Sum(l => l.Size) >> 20} MiB");
        return new BaseImage(digest, manifestDigest, config, layers);
    }

    private static bool IsIndex(string mediaType) => mediaType is ImageMediaTypes.Index or "application/vnd.docker.distribution.manifest.list.v2+json";

    private async Task<(string Digest, byte[] Bytes, string MediaType)> ManifestAsync(string reference, string? expected, CancellationToken ct)
    {
        if (expected is not null && Cached(expected, ".manifest") is { } cached) return (expected, cached, MediaTypeOf(cached, null));
        if (_offline) throw Offline($"the manifest {PrintableText.Of(reference)}");
        using var response = await _session.SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, _session.Api($"manifests/{reference}"));
            foreach (var type in ManifestTypes) request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(type));
            return request;
        }, "read the base image's manifest", ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new EnvException(EnvCode.ENV0990,
                expected is null
                    ? $"The registry {_reference.Registry} has no image {_reference.Repository}:{_reference.Tag ?? "latest"}. Check ContainerBaseImage."
                    : $"The registry {_reference.Registry} no longer has {_reference.Repository}@{reference}, the base image the lock pins. Take the tag's current image with 'dotnet env image --update-base' (or -p:ContainerBaseImageUpdate=true), and commit the lock.",
                _session.ProjectFile);
        }
        if (!response.IsSuccessStatusCode) throw await _session.FailedAsync(response, "read the base image's manifest", ct);
        var bytes = await _session.ReadBoundedAsync(response, MaxDocumentBytes, ct);
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (expected is not null && digest != expected) throw Refused($"the manifest asked for by {expected} hashes to {digest}");
        string? declared = null;
        try
        {
            using var doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw Refused("its manifest is not a JSON object");
            if (doc.RootElement.TryGetProperty("mediaType", out var m) && m.ValueKind == JsonValueKind.String) declared = m.GetString();
        }
        catch (JsonException)
        {
            throw Refused("its manifest is not JSON");
        }
        var mediaType = declared ?? response.Content.Headers.ContentType?.MediaType ?? "";
        if (!ManifestTypes.Contains(mediaType))
            throw Refused($"its manifest is of type '{PrintableText.Of(mediaType)}', not an OCI or Docker v2 image manifest or index");
        // An OCI manifest may leave its type to the answer's header: kept, its type is read from its shape.
        if (MediaTypeOf(bytes, mediaType) == mediaType) Keep(digest, bytes, ".manifest");
        return (digest, bytes, mediaType);
    }

    /// <summary>A manifest's type: its own <c>mediaType</c>, else an index when it lists manifests, else an image manifest.</summary>
    private static string MediaTypeOf(byte[] bytes, string? answered)
    {
        using var doc = JsonDocument.Parse(bytes);
        if (doc.RootElement.TryGetProperty("mediaType", out var m) && m.ValueKind == JsonValueKind.String) return m.GetString()!;
        return answered ?? (doc.RootElement.TryGetProperty("manifests", out _) ? ImageMediaTypes.Index : ImageMediaTypes.Manifest);
    }

    /// <summary>A manifest or config kept before under its digest, checked again (they are small); null when not kept.</summary>
    private byte[]? Cached(string digest, string suffix)
    {
        var path = _cache.TryGet(ImageBlob.CacheHash(digest), suffix);
        if (path is null) return null;
        try
        {
            var bytes = IO.StateFile.TryRead(path, MaxDocumentBytes);
            return bytes is not null && "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)) == digest ? bytes : null;
        }
        catch (IO.StateFileException)
        {
            return null;
        }
    }

    private void Keep(string digest, byte[] bytes, string suffix)
    {
        try
        {
            var temp = _cache.NewTempPath();
            File.WriteAllBytes(temp, bytes);
            _cache.Commit(temp, ImageBlob.CacheHash(digest), suffix);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only a speed-up (and what offline builds read): a cache that cannot be written is asked again next time.
        }
    }

    private EnvException Offline(string what) =>
        new(EnvCode.ENV0120,
            $"Offline, and {what} of the base image {_reference} is not in the download cache. Build the image once online (it keeps the base's manifests, config and layers), or leave offline mode.",
            _session.ProjectFile);

    private string PlatformManifest(byte[] index, string os, string architecture)
    {
        using var doc = JsonDocument.Parse(index);
        if (!doc.RootElement.TryGetProperty("manifests", out var manifests) || manifests.ValueKind != JsonValueKind.Array) throw Refused("its index lists no manifests");
        var found = new List<string>();
        foreach (var entry in manifests.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("platform", out var platform) || platform.ValueKind != JsonValueKind.Object) continue;
            var entryOs = Text(platform, "os");
            var entryArch = Text(platform, "architecture");
            found.Add($"{entryOs}/{entryArch}");
            if (entryOs == os && entryArch == architecture && Text(entry, "digest") is { } digest)
                return BaseImageReference.IsDigest(digest) ? digest : throw Refused($"its index names '{PrintableText.Of(digest)}', not a sha256 digest");
        }
        throw new EnvException(EnvCode.ENV0990,
            $"The base image {_reference} has no {os}/{architecture} image (it has {(found.Count == 0 ? "none with a platform" : string.Join(", ", found.Distinct()))}). Choose a base image for this platform, or set ContainerRuntimeIdentifier to one it has.",
            _session.ProjectFile);
    }

    private (Descriptor Config, IReadOnlyList<Descriptor> Layers) ImageManifest(byte[] bytes)
    {
        using var doc = JsonDocument.Parse(bytes);
        var root = doc.RootElement;
        if (!root.TryGetProperty("config", out var config) || config.ValueKind != JsonValueKind.Object) throw Refused("its manifest has no config");
        var configDescriptor = ReadDescriptor(config);
        if (configDescriptor.MediaType is not (ImageMediaTypes.Config or "application/vnd.docker.container.image.v1+json"))
            throw Refused($"its config is of type '{PrintableText.Of(configDescriptor.MediaType)}', not an image config (an artifact is no base image)");
        if (!root.TryGetProperty("layers", out var layers) || layers.ValueKind != JsonValueKind.Array) throw Refused("its manifest has no layers");
        var result = new List<Descriptor>();
        foreach (var layer in layers.EnumerateArray())
        {
            var d = ReadDescriptor(layer);
            var mediaType = d.MediaType switch
            {
                // The same bytes under Docker's name: an OCI manifest names them the OCI way.
                "application/vnd.docker.image.rootfs.diff.tar.gzip" => ImageMediaTypes.GzipLayer,
                ImageMediaTypes.GzipLayer or "application/vnd.oci.image.layer.v1.tar" or "application/vnd.oci.image.layer.v1.tar+zstd" => d.MediaType,
                _ => throw Refused($"a layer is of type '{PrintableText.Of(d.MediaType)}' (a foreign or non-distributable layer is not copied), not a tar, gzip or zstd layer"),
            };
            result.Add(d with { MediaType = mediaType });
        }
        if (result.Count > MaxLayers) throw Refused($"it has {result.Count} layers, more than {MaxLayers}");
        if (result.Sum(l => l.Size) is var total && total > MaxTotalBytes) throw Refused($"its layers come to {total >> 30} GiB, more than {MaxTotalBytes >> 30} GiB");
        return (configDescriptor, result);
    }

    private Descriptor ReadDescriptor(JsonElement e)
    {
        var digest = e.ValueKind == JsonValueKind.Object ? Text(e, "digest") : null;
        var mediaType = e.ValueKind == JsonValueKind.Object ? Text(e, "mediaType") : null;
        if (digest is null || !BaseImageReference.IsDigest(digest) || mediaType is null
            || !e.TryGetProperty("size", out var s) || !s.TryGetInt64(out var size) || size < 0 || size > DownloadLimits.DefaultMaxBytes)
        {
            throw Refused("a descriptor in its manifest lacks a sha256 digest, a media type or a size (at most 4 GiB)");
        }
        return new Descriptor(digest, size, mediaType);
    }

    /// <returns>The config's diff ids, one per layer.</returns>
    private List<string> CheckConfig(byte[] config, string os, string architecture, int layers)
    {
        try
        {
            using var doc = JsonDocument.Parse(config, new JsonDocumentOptions { MaxDepth = 32 });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Refused("its config is not a JSON object");
            if (Text(root, "os") != os || Text(root, "architecture") != architecture)
                throw Refused($"its config is for {PrintableText.Of(Text(root, "os") ?? "?")}/{PrintableText.Of(Text(root, "architecture") ?? "?")}, not {os}/{architecture}");
            if (root.TryGetProperty("config", out var c) && c.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null)) throw Refused("its config's \"config\" is not an object");
            if (root.TryGetProperty("history", out var h) && h.ValueKind is not (JsonValueKind.Array or JsonValueKind.Null)) throw Refused("its config's history is not a list");
            var diffIds = root.TryGetProperty("rootfs", out var rootfs) && rootfs.ValueKind == JsonValueKind.Object && rootfs.TryGetProperty("diff_ids", out var ids) && ids.ValueKind == JsonValueKind.Array
                ? ids.EnumerateArray().Select(i => i.ValueKind == JsonValueKind.String ? i.GetString()! : "").ToList()
                : [];
            if (diffIds.Count != layers || diffIds.Any(d => !BaseImageReference.IsDigest(d)))
                throw Refused($"its config lists {diffIds.Count} layer diff ids for {layers} layers (or one is not a sha256 digest)");
            return diffIds;
        }
        catch (JsonException)
        {
            throw Refused("its config is not JSON");
        }
    }

    private async Task<byte[]> DocumentAsync(string digest, CancellationToken ct)
    {
        if (Cached(digest, ".config") is { } cached) return cached;
        if (_offline) throw Offline("the config");
        using var response = await _session.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, _session.Api($"blobs/{digest}")), "read the base image's config", ct);
        if (!response.IsSuccessStatusCode) throw await _session.FailedAsync(response, "read the base image's config", ct);
        var bytes = await _session.ReadBoundedAsync(response, MaxDocumentBytes, ct);
        var actual = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (actual != digest) throw Refused($"its config asked for by {digest} hashes to {actual}");
        Keep(digest, bytes, ".config");
        return bytes;
    }

    /// <summary>The layer's file in the download cache: there already, or streamed in, bounded by its size and kept only when its hash is its digest.</summary>
    private async Task<string> LayerAsync(Descriptor layer, IEnvLog log, CancellationToken ct)
    {
        var hash = ImageBlob.CacheHash(layer.Digest);
        if (_cache.TryGet(hash, ".layer") is { } cached && new FileInfo(cached).Length == layer.Size) return cached;
        if (_offline) throw Offline($"layer {layer.Digest[..19]}");
        using var response = await _session.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, _session.Api($"blobs/{layer.Digest}")), "read a layer of the base image", ct);
        if (!response.IsSuccessStatusCode) throw await _session.FailedAsync(response, $"read layer {layer.Digest[..19]} of the base image", ct);
        var shortDigest = layer.Digest[..19];
        if (response.Content.Headers.ContentLength is { } length && length != layer.Size)
            throw Refused($"layer {shortDigest} is {length} bytes where its manifest says {layer.Size}");
        var temp = _cache.NewTempPath();
        try
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long total;
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                var progress = new TransferProgress($"{_reference.Registry}/{_reference.Repository} layer {shortDigest}", layer.Size, log);
                total = await _session.CopyAsync(response, layer.Size, _ => Refused($"layer {shortDigest} is longer than the {layer.Size} bytes its manifest says"), chunk =>
                {
                    sha.AppendData(chunk.Span);
                    file.Write(chunk.Span);
                    progress.Advance(chunk.Length);
                }, $"read layer {shortDigest} of the base image", ct);
                progress.Done();
            }
            if (total != layer.Size) throw Refused($"layer {shortDigest} ended after {total} of its {layer.Size} bytes");
            var actual = "sha256:" + Convert.ToHexStringLower(sha.GetHashAndReset());
            if (actual != layer.Digest) throw Refused($"layer {shortDigest} hashes to {actual}");
            return _cache.Commit(temp, hash, ".layer");
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private EnvException Refused(string why) =>
        new(EnvCode.ENV0990, $"The base image {_reference} cannot be used: {why}. Nothing was written. Check ContainerBaseImage, or ask who runs the registry {_reference.Registry}.", _session.ProjectFile);

    public void Dispose() => _session.Dispose();

    private sealed record Descriptor(string Digest, long Size, string MediaType);
}
