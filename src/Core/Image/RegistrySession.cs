using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Env.Core.Diagnostics;
using Env.Core.Fetching;

namespace Env.Core.Image;

/// <summary>
/// Requests to one repository of one registry (OCI distribution API), authenticated as Docker does it: a 401's
/// <c>WWW-Authenticate</c> asks for Basic (the credentials on each request) or Bearer (a token from the realm, asked
/// with the credentials, for <c>repository:NAME:ACTIONS</c>). The credentials go only to the registry and its token
/// realm, never into a message; every answer read is bounded, every request timed; redirects (a blob store's signed
/// URL) are followed by the handler, which drops the Authorization header on the way. <see cref="RegistryPush"/> and
/// <see cref="BaseImagePull"/> speak through it.
/// </summary>
public sealed class RegistrySession : IDisposable
{
    /// <summary>Errors, tokens, manifests: no registry sends more in one answer that is read whole.</summary>
    public const int MaxAnswerBytes = 1 << 20;

    private readonly HttpClient _client;
    private readonly Uri _base;
    private readonly RegistryCredentials? _credentials;
    private readonly string _actions;
    private readonly string? _alsoPull;
    private AuthenticationHeaderValue? _authorization;

    /// <param name="registry"><c>host[:port]</c>.</param>
    /// <param name="actions"><c>pull</c>, or <c>pull,push</c>: what a token is asked for.</param>
    /// <param name="insecure">Plain HTTP (a registry named in DOTNET_CONTAINER_INSECURE_REGISTRIES).</param>
    /// <param name="setting">The property that named the registry, for messages (ContainerRegistry, ContainerBaseImage).</param>
    /// <param name="alsoPull">Another repository of the registry a token must also let this session pull from (a mount's source).</param>
    public RegistrySession(string registry, string repository, RegistryCredentials? credentials, string actions, bool insecure, string setting, string? projectFile, string? alsoPull = null)
    {
        _alsoPull = alsoPull;
        Registry = registry;
        Repository = repository;
        Setting = setting;
        ProjectFile = projectFile;
        _credentials = credentials;
        _actions = actions;
        _base = new Uri($"{(insecure ? "http" : "https")}://{registry}/");
        _client = new HttpClient(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(30), AllowAutoRedirect = true, MaxAutomaticRedirections = 5 })
        {
            Timeout = TimeSpan.FromMinutes(30),
        };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd("Env.Sdk/0.1");
    }

    public string Registry { get; }

    public string Repository { get; }

    public string Setting { get; }

    public string? ProjectFile { get; }

    public Uri Base => _base;

    /// <summary>How long a read may go without a byte (ENVSDK_STALL_TIMEOUT, as for downloads; 60 s).</summary>
    public TimeSpan StallTimeout { get; init; } = DownloadLimits.DefaultStallTimeout;

    /// <summary><c>/v2/NAME/PATH</c> of this repository.</summary>
    public Uri Api(string path) => new(_base, $"v2/{Repository}/{path}");

    /// <summary>The request, with the authorization learned so far; on a 401, authenticates as the challenge asks and sends it once more.</summary>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> make, string what, CancellationToken ct)
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
                    $"The registry {Registry} could not be reached to {what} ({e.Message.TrimEnd('.')}). Check {Setting}; a registry served over plain HTTP must be named in DOTNET_CONTAINER_INSECURE_REGISTRIES.",
                    ProjectFile, e);
            }
            catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
            {
                throw new EnvException(EnvCode.ENV0986, $"The registry {Registry} did not answer in time to {what}. Try again later.", ProjectFile, e);
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
                $"The registry {Registry} refused to let {(_credentials is null ? "anyone without credentials" : $"user '{_credentials.User}'")} {what} in {Repository} ({status}). {(_credentials is null ? "Give credentials: 'docker login " + Registry + "' (Docker's config file), or DOTNET_CONTAINER_REGISTRY_UNAME and DOTNET_CONTAINER_REGISTRY_PWORD." : $"Check the credentials and that the user may {_actions.Replace(",", " and ")} this repository.")}",
                ProjectFile);
        }
        return response;
    }

    private async Task<AuthenticationHeaderValue?> AuthenticateAsync(AuthenticationHeaderValue? challenge, string what, CancellationToken ct)
    {
        var basic = _credentials is null ? null : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_credentials.User}:{_credentials.Secret}")));
        if (challenge is null || challenge.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase)) return basic;
        if (!challenge.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            throw new EnvException(EnvCode.ENV0987, $"The registry {Registry} asks for '{PrintableText.Of(challenge.Scheme)}' authentication, which Env.Sdk does not speak (Basic and Bearer). Use another registry, or move the image with skopeo.", ProjectFile);
        var parameters = ChallengeParameters(challenge.Parameter ?? "");
        if (!parameters.TryGetValue("realm", out var realm) || !Uri.TryCreate(realm, UriKind.Absolute, out var realmUri) || realmUri.Scheme is not ("https" or "http"))
            throw new EnvException(EnvCode.ENV0986, $"The registry {Registry} asked for a token without a realm to get it from. Check {Setting}.", ProjectFile);
        var query = new List<string>();
        if (parameters.TryGetValue("service", out var service)) query.Add("service=" + Uri.EscapeDataString(service));
        query.Add("scope=" + Uri.EscapeDataString($"repository:{Repository}:{_actions}"));
        if (_alsoPull is not null && _alsoPull != Repository) query.Add("scope=" + Uri.EscapeDataString($"repository:{_alsoPull}:pull"));
        using var request = new HttpRequestMessage(HttpMethod.Get, new UriBuilder(realmUri) { Query = string.Join('&', query) }.Uri);
        request.Headers.Authorization = basic;
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        RefuseAuth(response, what);
        if (!response.IsSuccessStatusCode) throw await FailedAsync(response, "get a token", ct);
        var body = await ReadBoundedAsync(response, MaxAnswerBytes, ct);
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
            var token = (doc.RootElement.TryGetProperty("token", out var t) ? t : doc.RootElement.GetProperty("access_token")).GetString();
            return string.IsNullOrEmpty(token) ? basic : new AuthenticationHeaderValue("Bearer", token);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new EnvException(EnvCode.ENV0986, $"The token service of {Registry} answered something that is not a token. Check {Setting}.", ProjectFile);
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

    /// <summary>An answer that is not the one asked for, as ENV0986 with the registry's own words (bounded, printable).</summary>
    public async Task<EnvException> FailedAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        var body = Encoding.UTF8.GetString(await ReadBoundedAsync(response, MaxAnswerBytes, ct));
        var shown = PrintableText.Of(body.Length > 300 ? body[..300] + "…" : body);
        return new EnvException(EnvCode.ENV0986,
            $"The registry {Registry} answered {(int)response.StatusCode} {response.ReasonPhrase} when asked to {what} in {Repository}{(shown.Length > 0 ? $": {shown}" : "")}. Check {Setting}.",
            ProjectFile);
    }

    /// <summary>The answer's body, refused (ENV0986) past <paramref name="limit"/> bytes: it is read whole, so it is bounded.</summary>
    public async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, int limit, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        await CopyAsync(response, limit, _ => TooLarge(limit), chunk => buffer.Write(chunk.Span), "read an answer", ct);
        return buffer.ToArray();
    }

    /// <summary>
    /// The answer's body in chunks to <paramref name="write"/>, bounded three ways: <paramref name="limit"/> bytes (the
    /// announced length is refused before a byte is read; <paramref name="overLimit"/> says what it is), a stall (a
    /// server that sends nothing for <see cref="StallTimeout"/>), and the whole read (<see cref="DownloadLimits.DefaultTimeout"/>:
    /// a server trickling a byte at a time never stalls). Stall and deadline are ENV0986.
    /// </summary>
    /// <returns>The bytes read.</returns>
    public async Task<long> CopyAsync(HttpResponseMessage response, long limit, Func<long, EnvException> overLimit, Action<ReadOnlyMemory<byte>> write, string what, CancellationToken ct)
    {
        if (response.Content.Headers.ContentLength is { } announced && announced > limit) throw overLimit(announced);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(DownloadLimits.DefaultTimeout);
        long total = 0;
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(deadline.Token);
            var buffer = new byte[1 << 16];
            while (true)
            {
                int read;
                using (var stall = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token))
                {
                    stall.CancelAfter(StallTimeout);
                    try
                    {
                        read = await stream.ReadAsync(buffer, stall.Token);
                    }
                    catch (OperationCanceledException e) when (!deadline.IsCancellationRequested)
                    {
                        throw new EnvException(EnvCode.ENV0986, $"The registry {Registry} sent nothing for {StallTimeout.TotalSeconds:0} s after {total} bytes when asked to {what} in {Repository}. Try again later; check {Setting}.", ProjectFile, e);
                    }
                }
                if (read == 0) return total;
                total += read;
                if (total > limit) throw overLimit(total);
                write(buffer.AsMemory(0, read));
            }
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new EnvException(EnvCode.ENV0986, $"The registry {Registry} took more than {DownloadLimits.DefaultTimeout.TotalMinutes:0} minutes to {what} in {Repository} ({total} bytes). Try again later; check {Setting}.", ProjectFile, e);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw new EnvException(EnvCode.ENV0986, $"The answer of the registry {Registry} broke off after {total} bytes when asked to {what} in {Repository} ({e.Message.TrimEnd('.')}). Try again.", ProjectFile, e);
        }
    }

    private EnvException TooLarge(long limit) =>
        new(EnvCode.ENV0986, $"The registry {Registry} answered with more than {limit >> 20} MiB where no registry sends that much. Check {Setting}.", ProjectFile);

    public void Dispose() => _client.Dispose();
}
