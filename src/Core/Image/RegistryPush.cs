using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Env.Core.Diagnostics;

namespace Env.Core.Image;

/// <summary>
/// An image pushed to a registry by the OCI distribution API: each blob asked for first (<c>HEAD</c>) and uploaded only
/// when the registry lacks it (<c>POST</c> then one <c>PUT</c> with the digest), so an unchanged store entry's layer
/// is never sent twice; then the manifest under each tag. Authentication as Docker does it: a 401's
/// <c>WWW-Authenticate</c> asks for Basic (the credentials on each request) or Bearer (a token from the realm, asked
/// with the credentials, for <c>repository:NAME:pull,push</c>). The credentials go only to the registry and its token
/// realm, never into a message; every answer read is bounded (1 MiB), every request timed.
/// </summary>
public sealed class RegistryPush : IDisposable
{
    private const int MaxAnswerBytes = 1 << 20;
    private readonly HttpClient _client;
    private readonly string _registry;
    private readonly string _repository;
    private readonly Uri _base;
    private readonly RegistryCredentials? _credentials;
    private readonly string? _projectFile;
    private AuthenticationHeaderValue? _authorization;

    /// <param name="registry"><c>host[:port]</c>.</param>
    /// <param name="insecure">Plain HTTP (a registry named in DOTNET_CONTAINER_INSECURE_REGISTRIES).</param>
    public RegistryPush(string registry, string repository, RegistryCredentials? credentials, bool insecure, string? projectFile)
    {
        _registry = registry;
        _repository = repository;
        _credentials = credentials;
        _projectFile = projectFile;
        _base = new Uri($"{(insecure ? "http" : "https")}://{registry}/");
        // Redirects followed by the handler, which drops the Authorization header on the way (a blob store's signed URL).
        _client = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(30), AllowAutoRedirect = true, MaxAutomaticRedirections = 5 })
        {
            Timeout = TimeSpan.FromMinutes(30),
        };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("Env.Sdk/0.1");
    }

    /// <returns>How many blobs were uploaded and how many the registry had already.</returns>
    public async Task<(int Uploaded, int Present)> PushAsync(EnvImage image, IReadOnlyList<string> tags, IEnvLog log, CancellationToken ct)
    {
        var uploaded = 0;
        var present = 0;
        foreach (var blob in image.Blobs)
        {
            using var head = await SendAsync(() => new HttpRequestMessage(HttpMethod.Head, Api($"blobs/{blob.Digest}")), "ask for a blob", ct);
            if (head.StatusCode == HttpStatusCode.OK)
            {
                present++;
                continue;
            }
            if (head.StatusCode != HttpStatusCode.NotFound) throw await Failed(head, "ask for a blob", ct);
            await UploadAsync(blob, ct);
            uploaded++;
            log.Info($"Uploaded {blob.Digest[..19]} ({blob.Description ?? "config"}, {blob.Size} bytes)");
        }
        var manifest = await File.ReadAllBytesAsync(image.Manifest.Path, ct);
        foreach (var tag in tags)
        {
            using var put = await SendAsync(() => new HttpRequestMessage(HttpMethod.Put, Api($"manifests/{tag}"))
            {
                Content = new ByteArrayContent(manifest) { Headers = { ContentType = new MediaTypeHeaderValue(image.Manifest.MediaType) } },
            }, "put the manifest", ct);
            if (put.StatusCode != HttpStatusCode.Created && put.StatusCode != HttpStatusCode.OK) throw await Failed(put, $"put the manifest for tag {tag}", ct);
        }
        return (uploaded, present);
    }

    private async Task UploadAsync(ImageBlob blob, CancellationToken ct)
    {
        using var start = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, Api("blobs/uploads/")), "start an upload", ct);
        if (start.StatusCode != HttpStatusCode.Accepted || start.Headers.Location is not { } location) throw await Failed(start, "start an upload", ct);
        var target = location.IsAbsoluteUri ? location : new Uri(_base, location);
        var query = string.IsNullOrEmpty(target.Query) ? "?" : target.Query + "&";
        var put = new UriBuilder(target) { Query = (query + "digest=" + Uri.EscapeDataString(blob.Digest)).TrimStart('?') }.Uri;
        using var done = await SendAsync(() =>
        {
            var stream = new FileStream(blob.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            var content = new StreamContent(stream);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Headers.ContentLength = blob.Size;
            return new HttpRequestMessage(HttpMethod.Put, put) { Content = content };
        }, "upload a blob", ct);
        if (done.StatusCode != HttpStatusCode.Created) throw await Failed(done, $"upload {blob.Digest[..19]}", ct);
    }

    private Uri Api(string path) => new(_base, $"v2/{_repository}/{path}");

    /// <summary>The request, with the authorization learned so far; on a 401, authenticates as the challenge asks and sends it once more.</summary>
    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> make, string what, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = make();
            request.Headers.Authorization = _authorization;
            HttpResponseMessage response;
            try
            {
                response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            }
            catch (HttpRequestException e)
            {
                throw new EnvException(EnvCode.ENV0986,
                    $"The registry {_registry} could not be reached to {what} ({e.Message.TrimEnd('.')}). Check ContainerRegistry; a registry served over plain HTTP must be named in DOTNET_CONTAINER_INSECURE_REGISTRIES.",
                    _projectFile, e);
            }
            catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
            {
                throw new EnvException(EnvCode.ENV0986, $"The registry {_registry} did not answer in time to {what}. Try again later.", _projectFile, e);
            }
            if (response.StatusCode != HttpStatusCode.Unauthorized || attempt > 0) return RefuseAuth(response, what);
            var challenge = response.Headers.WwwAuthenticate.FirstOrDefault();
            response.Dispose();
            _authorization = await AuthenticateAsync(challenge, what, ct);
        }
    }

    private HttpResponseMessage RefuseAuth(HttpResponseMessage response, string what)
    {
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            var status = (int)response.StatusCode;
            response.Dispose();
            throw new EnvException(EnvCode.ENV0987,
                $"The registry {_registry} refused to let {(_credentials is null ? "an anonymous push" : $"user '{_credentials.User}'")} {what} in {_repository} ({status}). {(_credentials is null ? "Give credentials: 'docker login " + _registry + "' (Docker's config file), or DOTNET_CONTAINER_REGISTRY_UNAME and DOTNET_CONTAINER_REGISTRY_PWORD." : "Check the credentials and that the user may push to this repository.")}",
                _projectFile);
        }
        return response;
    }

    private async Task<AuthenticationHeaderValue?> AuthenticateAsync(AuthenticationHeaderValue? challenge, string what, CancellationToken ct)
    {
        var basic = _credentials is null ? null : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_credentials.User}:{_credentials.Secret}")));
        if (challenge is null || challenge.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase)) return basic;
        if (!challenge.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            throw new EnvException(EnvCode.ENV0987, $"The registry {_registry} asks for '{PrintableText.Of(challenge.Scheme)}' authentication, which Env.Sdk does not speak (Basic and Bearer). Use another registry, or push the archive with skopeo.", _projectFile);
        var parameters = ChallengeParameters(challenge.Parameter ?? "");
        if (!parameters.TryGetValue("realm", out var realm) || !Uri.TryCreate(realm, UriKind.Absolute, out var realmUri) || realmUri.Scheme is not ("https" or "http"))
            throw new EnvException(EnvCode.ENV0986, $"The registry {_registry} asked for a token without a realm to get it from. Check ContainerRegistry.", _projectFile);
        var query = new List<string>();
        if (parameters.TryGetValue("service", out var service)) query.Add("service=" + Uri.EscapeDataString(service));
        query.Add("scope=" + Uri.EscapeDataString($"repository:{_repository}:pull,push"));
        using var request = new HttpRequestMessage(HttpMethod.Get, new UriBuilder(realmUri) { Query = string.Join('&', query) }.Uri);
        request.Headers.Authorization = basic;
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        RefuseAuth(response, what);
        if (!response.IsSuccessStatusCode) throw await Failed(response, "get a token", ct);
        var body = await ReadBoundedAsync(response, ct);
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
            var token = (doc.RootElement.TryGetProperty("token", out var t) ? t : doc.RootElement.GetProperty("access_token")).GetString();
            return string.IsNullOrEmpty(token) ? basic : new AuthenticationHeaderValue("Bearer", token);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new EnvException(EnvCode.ENV0986, $"The token service of {_registry} answered something that is not a token. Check ContainerRegistry.", _projectFile);
        }
    }

    /// <summary><c>realm="…",service="…",scope="…"</c> as a map (quoted values may hold commas).</summary>
    private static Dictionary<string, string> ChallengeParameters(string text)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < text.Length)
        {
            var eq = text.IndexOf('=', i);
            if (eq < 0) break;
            var key = text[i..eq].Trim().TrimStart(',').Trim();
            i = eq + 1;
            string value;
            if (i < text.Length && text[i] == '"')
            {
                var end = text.IndexOf('"', i + 1);
                if (end < 0) end = text.Length;
                value = text[(i + 1)..end];
                i = Math.Min(end + 1, text.Length);
            }
            else
            {
                var end = text.IndexOf(',', i);
                if (end < 0) end = text.Length;
                value = text[i..end].Trim();
                i = end;
            }
            result[key] = value;
            while (i < text.Length && text[i] is ',' or ' ') i++;
        }
        return result;
    }

    private async Task<EnvException> Failed(HttpResponseMessage response, string what, CancellationToken ct)
    {
        var body = Encoding.UTF8.GetString(await ReadBoundedAsync(response, ct));
        var shown = PrintableText.Of(body.Length > 300 ? body[..300] + "…" : body);
        return new EnvException(EnvCode.ENV0986,
            $"The registry {_registry} answered {(int)response.StatusCode} {response.ReasonPhrase} when asked to {what} in {_repository}{(shown.Length > 0 ? $": {shown}" : "")}. Check ContainerRegistry and ContainerRepository.",
            _projectFile);
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxAnswerBytes) throw new EnvException(EnvCode.ENV0986, "A registry's answer was larger than 1 MiB, more than any registry sends. Check ContainerRegistry.", null);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    public void Dispose() => _client.Dispose();
}
