using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Env.Sdk.Tests;

/// <summary>
/// A private NuGet v3 feed on 127.0.0.1, as Azure Artifacts or a company's server is one: the service index and the
/// flat container (PackageBaseAddress) of the packages added, every request answered 401 with a Basic challenge unless
/// it carries the one user and password. It records each request's User-Agent and how many were refused.
/// </summary>
public sealed class AuthenticatedFeed : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, SortedDictionary<string, string>> _packages = new(StringComparer.OrdinalIgnoreCase);
    private readonly string _expected;
    private int _refused;
    private int _served;

    public AuthenticatedFeed(string user, string password)
    {
        _expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        Port = LoopbackFileServer.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string IndexUrl => $"http://127.0.0.1:{Port}/private/index.json";

    /// <summary>Requests answered 401 (no or wrong credentials).</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>Requests answered with content (credentials accepted).</summary>
    public int Served => Volatile.Read(ref _served);

    public ConcurrentBag<string> UserAgents { get; } = [];

    /// <summary>Serves <paramref name="nupkg"/> as <paramref name="id"/> <paramref name="version"/>.</summary>
    public void Add(string id, string version, string nupkg)
    {
        lock (_packages)
        {
            if (!_packages.TryGetValue(id, out var versions)) _packages[id] = versions = new(StringComparer.OrdinalIgnoreCase);
            versions[version] = nupkg;
        }
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            _ = Task.Run(() => Serve(context));
        }
    }

    private void Serve(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            UserAgents.Add(context.Request.UserAgent ?? "");
            if (context.Request.Headers["Authorization"] != _expected)
            {
                Interlocked.Increment(ref _refused);
                response.StatusCode = 401;
                response.AddHeader("WWW-Authenticate", "Basic realm=\"private feed\"");
                response.Close();
                return;
            }
            var path = context.Request.Url!.AbsolutePath.ToLowerInvariant();
            var body = Answer(path);
            if (body is null)
            {
                response.StatusCode = 404;
                response.Close();
                return;
            }
            Interlocked.Increment(ref _served);
            response.ContentLength64 = body.Length;
            response.OutputStream.Write(body);
            response.Close();
        }
        catch (Exception)
        {
            try { response.Abort(); } catch (Exception) { }
        }
    }

    private byte[]? Answer(string path)
    {
        if (path == "/private/index.json")
        {
            return Encoding.UTF8.GetBytes($$"""
                {"version":"3.0.0","resources":[{"@id":"http://127.0.0.1:{{Port}}/v3/flat/","@type":"PackageBaseAddress/3.0.0"}]}
                """);
        }
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 4 || parts[0] != "v3" || parts[1] != "flat") return null;
        lock (_packages)
        {
            if (!_packages.TryGetValue(parts[2], out var versions)) return null;
            if (parts.Length == 4 && parts[3] == "index.json")
                return Encoding.UTF8.GetBytes("{\"versions\":[" + string.Join(",", versions.Keys.Select(v => $"\"{v.ToLowerInvariant()}\"")) + "]}");
            if (parts.Length == 5 && versions.FirstOrDefault(v => v.Key.Equals(parts[3], StringComparison.OrdinalIgnoreCase)) is { Value: { } file }
                && parts[4] == $"{parts[2]}.{parts[3]}.nupkg")
                return File.ReadAllBytes(file);
        }
        return null;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
    }
}
