using System.Net;
using System.Net.Sockets;

namespace Env.Sdk.Tests;

/// <summary>
/// A real HTTP server on 127.0.0.1 serving files from a folder. It counts requests (to prove a build asked
/// nothing), and can be slowed down so a test can kill a build mid-download, or misbehave as a hostile server
/// would: redirect anywhere, stream zeros for ever, trickle a byte at a time.
/// </summary>
public sealed class LoopbackFileServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly string _root;
    private readonly CancellationTokenSource _stop = new();
    private int _requests;
    private long _bytesSent;

    public LoopbackFileServer(string root)
    {
        _root = root;
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public int Requests => Volatile.Read(ref _requests);

    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>How many requests still get a 503 before files are served.</summary>
    public int FailNext;

    /// <summary>Stop sending (without closing) after this many bytes of a response; null never stalls.</summary>
    public long? StallAfter { get; set; }

    /// <summary>Bytes per second; 0 is unthrottled.</summary>
    public int Throttle { get; set; }

    /// <summary>Paths (without the leading '/') answered with a 302 to the given Location instead of a file.</summary>
    public Dictionary<string, string> Redirects { get; } = new();

    /// <summary>Stream zeros without a Content-Length until the client hangs up, whatever is asked for.</summary>
    public bool EndlessZeros { get; set; }

    /// <summary>Send the file one byte at a time with this pause between bytes (never long enough to stall); null sends normally.</summary>
    public TimeSpan? Trickle { get; set; }

    public string Url(string file) => $"http://127.0.0.1:{Port}/{file}";

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            _ = Task.Run(() => ServeAsync(context));
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        Interlocked.Increment(ref _requests);
        try
        {
            if (Interlocked.Decrement(ref FailNext) >= 0)
            {
                context.Response.StatusCode = 503;
                context.Response.Close();
                return;
            }
            var requested = Uri.UnescapeDataString(context.Request.Url!.AbsolutePath.TrimStart('/'));
            if (Redirects.TryGetValue(requested, out var location))
            {
                context.Response.StatusCode = 302;
                context.Response.RedirectLocation = location;
                context.Response.Close();
                return;
            }
            if (EndlessZeros)
            {
                context.Response.SendChunked = true;
                var zeros = new byte[1 << 16];
                while (true)
                {
                    await context.Response.OutputStream.WriteAsync(zeros, _stop.Token);
                    Interlocked.Add(ref _bytesSent, zeros.Length);
                }
            }
            var path = Path.Combine(_root, requested);
            if (!File.Exists(path))
            {
                context.Response.StatusCode = 404;
                context.Response.Close();
                return;
            }
            var bytes = await File.ReadAllBytesAsync(path);
            context.Response.ContentLength64 = bytes.Length;
            var chunk = Trickle is not null ? 1 : Throttle > 0 ? Math.Max(1, Throttle / 10) : 1 << 16;
            for (var offset = 0; offset < bytes.Length; offset += chunk)
            {
                if (StallAfter is { } stallAt && offset >= stallAt)
                {
                    await context.Response.OutputStream.FlushAsync(_stop.Token);
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }
                var count = Math.Min(chunk, bytes.Length - offset);
                await context.Response.OutputStream.WriteAsync(bytes.AsMemory(offset, count), _stop.Token);
                Interlocked.Add(ref _bytesSent, count);
                if (Trickle is { } pause)
                {
                    await context.Response.OutputStream.FlushAsync(_stop.Token);
                    await Task.Delay(pause, _stop.Token);
                }
                else if (Throttle > 0)
                {
                    await Task.Delay(100, _stop.Token);
                }
            }
            context.Response.Close();
        }
        catch (Exception)
        {
            try { context.Response.Abort(); } catch (Exception) { }
        }
    }

    /// <summary>A port on 127.0.0.1 nothing listens on now (the test servers bind it next).</summary>
    internal static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
    }
}
