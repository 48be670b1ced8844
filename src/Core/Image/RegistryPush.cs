using System.Net;
using System.Net.Http.Headers;
using Env.Core.Diagnostics;

namespace Env.Core.Image;

/// <summary>
/// An image pushed to a registry by the OCI distribution API (<see cref="RegistrySession"/>, for <c>pull,push</c>):
/// each blob asked for first (<c>HEAD</c>) and uploaded only when the registry lacks it (<c>POST</c> then one
/// <c>PUT</c> with the digest), so an unchanged store entry's layer, or a base image's layer the registry already
/// has, is never sent twice; a base image's layer pulled from another repository of the same registry is mounted from
/// it (<c>POST ?mount=&amp;from=</c>) rather than sent, when the registry agrees; then the manifest under each tag.
/// </summary>
public sealed class RegistryPush : IDisposable
{
    private readonly RegistrySession _session;
    private readonly string? _mountFrom;

    /// <param name="registry"><c>host[:port]</c>.</param>
    /// <param name="insecure">Plain HTTP (a registry named in DOTNET_CONTAINER_INSECURE_REGISTRIES).</param>
    /// <param name="mountFrom">The repository of this registry the base image came from, whose layers can be mounted; else null.</param>
    public RegistryPush(string registry, string repository, RegistryCredentials? credentials, bool insecure, string? projectFile, string? mountFrom = null)
    {
        _mountFrom = mountFrom == repository ? null : mountFrom;
        _session = new RegistrySession(registry, repository, credentials, "pull,push", insecure, "ContainerRegistry and ContainerRepository", projectFile, _mountFrom);
    }

    /// <summary>Layers mounted from the base image's repository rather than sent.</summary>
    public int Mounted { get; private set; }

    /// <returns>How many blobs were uploaded and how many the registry had already.</returns>
    /// <param name="mountable">Digests of blobs that may be mounted from the base's repository (its layers).</param>
    public async Task<(int Uploaded, int Present)> PushAsync(EnvImage image, IReadOnlyList<string> tags, IEnvLog log, CancellationToken ct, IReadOnlySet<string>? mountable = null)
    {
        var uploaded = 0;
        var present = 0;
        foreach (var blob in image.Blobs)
        {
            using var head = await _session.SendAsync(() => new HttpRequestMessage(HttpMethod.Head, _session.Api($"blobs/{blob.Digest}")), "ask for a blob", ct);
            if (head.StatusCode == HttpStatusCode.OK)
            {
                present++;
                continue;
            }
            if (head.StatusCode != HttpStatusCode.NotFound) throw await _session.FailedAsync(head, "ask for a blob", ct);
            if (_mountFrom is not null && mountable?.Contains(blob.Digest) == true && await MountAsync(blob, ct))
            {
                Mounted++;
                log.Info($"Mounted {blob.Digest[..19]} from {_mountFrom}");
                continue;
            }
            await UploadAsync(blob, ct);
            uploaded++;
            log.Info($"Uploaded {blob.Digest[..19]} ({blob.Description ?? "config"}, {blob.Size} bytes)");
        }
        var manifest = await File.ReadAllBytesAsync(image.Manifest.Path, ct);
        foreach (var tag in tags)
        {
            using var put = await _session.SendAsync(() => new HttpRequestMessage(HttpMethod.Put, _session.Api($"manifests/{tag}"))
            {
                Content = new ByteArrayContent(manifest) { Headers = { ContentType = new MediaTypeHeaderValue(image.Manifest.MediaType) } },
            }, "put the manifest", ct);
            if (put.StatusCode != HttpStatusCode.Created && put.StatusCode != HttpStatusCode.OK) throw await _session.FailedAsync(put, $"put the manifest for tag {tag}", ct);
        }
        return (uploaded, present);
    }

    /// <summary>
    /// Asks the registry to mount the blob from the base's repository: 201 is done. Anything else (202 is an upload the
    /// registry started instead, which is cancelled) leaves the blob to be sent.
    /// </summary>
    private async Task<bool> MountAsync(ImageBlob blob, CancellationToken ct)
    {
        var query = $"blobs/uploads/?mount={Uri.EscapeDataString(blob.Digest)}&from={Uri.EscapeDataString(_mountFrom!)}";
        using var mount = await _session.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, _session.Api(query)), "mount a base layer", ct);
        if (mount.StatusCode == HttpStatusCode.Created) return true;
        if (mount.StatusCode == HttpStatusCode.Accepted && mount.Headers.Location is { } location)
        {
            var target = location.IsAbsoluteUri ? location : new Uri(_session.Base, location);
            using var cancel = await _session.SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, target), "cancel an upload", ct);
        }
        return false;
    }

    private async Task UploadAsync(ImageBlob blob, CancellationToken ct)
    {
        using var start = await _session.SendAsync(() => new HttpRequestMessage(HttpMethod.Post, _session.Api("blobs/uploads/")), "start an upload", ct);
        if (start.StatusCode != HttpStatusCode.Accepted || start.Headers.Location is not { } location) throw await _session.FailedAsync(start, "start an upload", ct);
        var target = location.IsAbsoluteUri ? location : new Uri(_session.Base, location);
        var query = string.IsNullOrEmpty(target.Query) ? "?" : target.Query + "&";
        var put = new UriBuilder(target) { Query = (query + "digest=" + Uri.EscapeDataString(blob.Digest)).TrimStart('?') }.Uri;
        using var done = await _session.SendAsync(() =>
        {
            var stream = new FileStream(blob.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            var content = new StreamContent(stream);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Headers.ContentLength = blob.Size;
            return new HttpRequestMessage(HttpMethod.Put, put) { Content = content };
        }, "upload a blob", ct);
        if (done.StatusCode != HttpStatusCode.Created) throw await _session.FailedAsync(done, $"upload {blob.Digest[..19]}", ct);
    }

    public void Dispose() => _session.Dispose();
}
