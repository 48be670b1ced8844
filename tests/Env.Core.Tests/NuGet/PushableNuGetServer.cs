using System.Net;
using System.Net.Sockets;
using System.Text;
using NuGet.Packaging;

namespace Env.Core.Tests.NuGet;

/// <summary>
/// The least of a NuGet server, on 127.0.0.1, so push and restore over HTTP are tested with NuGet.Protocol's own client
/// (no NuGet server can be installed here): a v3 service index naming a push endpoint (PackagePublish/2.0.0, the
/// multipart PUT every NuGet server takes, with X-NuGet-ApiKey) and a flat container (PackageBaseAddress/3.0.0) serving
/// what was pushed. A duplicate is 409, as servers answer.
/// </summary>
internal sealed class PushableNuGetServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, byte[]> _packages = new(StringComparer.OrdinalIgnoreCase);
    private readonly string? _apiKey;

    public PushableNuGetServer(string? apiKey)
    {
        _apiKey = apiKey;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string IndexUrl => $"http://127.0.0.1:{Port}/feed/index.json";

    /// <summary>The API keys pushes came with (empty when none was sent).</summary>
    public List<string> KeysSeen { get; } = [];

    public IReadOnlyCollection<string> Packages { get { lock (_packages) return _packages.Keys.ToList(); } }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            try { await ServeAsync(context); }
            catch (Exception) { context.Response.StatusCode = 500; }
            finally { try { context.Response.Close(); } catch (Exception) { } }
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        var path = context.Request.Url!.AbsolutePath;
        var response = context.Response;
        if (path == "/feed/index.json")
        {
            await WriteAsync(response, $$"""
                { "version": "3.0.0", "resources": [
                  { "@id": "http://127.0.0.1:{{Port}}/api/v2/package", "@type": "PackagePublish/2.0.0" },
                  { "@id": "http://127.0.0.1:{{Port}}/flat/", "@type": "PackageBaseAddress/3.0.0" } ] }
                """);
            return;
        }
        if (path.StartsWith("/api/v2/package", StringComparison.Ordinal) && context.Request.HttpMethod == "PUT")
        {
            var key = context.Request.Headers["X-NuGet-ApiKey"] ?? "";
            lock (KeysSeen) KeysSeen.Add(key);
            if (_apiKey is not null && key != _apiKey)
            {
                response.StatusCode = 403;
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var nupkg = FilePart(body.ToArray(), context.Request.ContentType!);
            var identity = new PackageArchiveReader(new MemoryStream(nupkg)).GetIdentity();
            var name = $"{identity.Id.ToLowerInvariant()}/{identity.Version.ToNormalizedString().ToLowerInvariant()}";
            lock (_packages)
            {
                if (_packages.ContainsKey(name))
                {
                    response.StatusCode = 409;
                    return;
                }
                _packages[name] = nupkg;
            }
            response.StatusCode = 201;
            return;
        }
        if (path.StartsWith("/flat/", StringComparison.Ordinal))
        {
            var parts = path["/flat/".Length..].Split('/');
            lock (_packages)
            {
                if (parts.Length == 2 && parts[1] == "index.json")
                {
                    var versions = _packages.Keys.Where(k => k.StartsWith(parts[0] + "/", StringComparison.Ordinal)).Select(k => $"\"{k.Split('/')[1]}\"").ToList();
                    if (versions.Count == 0) { response.StatusCode = 404; return; }
                    WriteAsync(response, $"{{ \"versions\": [ {string.Join(", ", versions)} ] }}").GetAwaiter().GetResult();
                    return;
                }
                if (parts.Length == 3 && _packages.TryGetValue($"{parts[0]}/{parts[1]}", out var bytes))
                {
                    response.ContentLength64 = bytes.Length;
                    response.OutputStream.Write(bytes);
                    return;
                }
            }
        }
        response.StatusCode = 404;
    }

    /// <summary>The one file of a multipart/form-data body (NuGet's push sends the package as its only part).</summary>
    private static byte[] FilePart(byte[] body, string contentType)
    {
        var boundary = contentType.Split("boundary=")[1].Trim('"');
        var text = Encoding.Latin1.GetString(body);
        var start = text.IndexOf("\r\n\r\n", text.IndexOf("--" + boundary, StringComparison.Ordinal), StringComparison.Ordinal) + 4;
        var end = text.IndexOf("\r\n--" + boundary, start, StringComparison.Ordinal);
        return body[start..end];
    }

    private static async Task WriteAsync(HttpListenerResponse response, string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        response.ContentType = "application/json";
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
    }

    public void Dispose() => _listener.Close();
}
