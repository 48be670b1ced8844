using System.Net;
using System.Net.Http.Headers;
using Env.Core.Diagnostics;

namespace Env.Core.Image;

/// <summary>
/// An image pushed to a registry by the OCI distribution API (<see cref="RegistrySession"/>, for <c>pull,push</c>):
/// each blob asked for first (<c>HEAD</c>) and uploaded only when the registry lacks it (<c>POST</c> then one
/// <c>PUT</c> with the digest), so an unchanged store entry's layer, or a base image's layer the registry already
/// has, is never sent twice; then the manifest under each tag.
/// </summary>
public sealed class RegistryPush : IDisposable
{
    private readonly RegistrySession _session;

    /// <param name="registry"><c>host[:port]</c>.</param>
    /// <param name="insecure">Plain HTTP (a registry named in DOTNET_CONTAINER_INSECURE_REGISTRIES).</param>
    public RegistryPush(string registry, string repository, RegistryCredentials? credentials, bool insecure, string? projectFile)
    {
        _session = new RegistrySession(registry, repository, credentials, "pull,push", insecure, "ContainerRegistry and ContainerRepository", projectFile);
    }

    /// <returns>How many blobs were uploaded and how many the registry had already.</returns>
    public async Task<(int Uploaded, int Present)> PushAsync(EnvImage image, IReadOnlyList<string> tags, IEnvLog log, CancellationToken ct)
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
