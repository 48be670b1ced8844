using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Env.Core.Tests.Fetching;

/// <summary>
/// A real HTTP/1.1 server on 127.0.0.1 that answers each request with whatever the test writes on the raw socket,
/// so it can misbehave in ways a well-mannered server library will not: lie about lengths, stream for ever,
/// trickle, redirect to any scheme.
/// </summary>
internal sealed class RawHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<string, Stream, CancellationToken, Task> _respond;
    private int _requests;

    /// <param name="respond">Given the request path and the connection, writes the whole response.</param>
    public RawHttpServer(Func<string, Stream, CancellationToken, Task> respond)
    {
        _respond = respond;
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Every request's head (request line and headers) as received, to see what a client sent.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Heads { get; } = new();

    public string Url(string path) => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/{path.TrimStart('/')}";

    public static Task WriteHeadAsync(Stream stream, string statusLine, CancellationToken ct, params string[] headers) =>
        stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {statusLine}\r\nConnection: close\r\n{string.Concat(headers.Select(h => h + "\r\n"))}\r\n"), ct).AsTask();

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            Interlocked.Increment(ref _requests);
            try
            {
                var stream = client.GetStream();
                var head = new StringBuilder();
                var one = new byte[1];
                while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one, _stop.Token) == 1)
                    head.Append((char)one[0]);
                Heads.Enqueue(head.ToString());
                var path = head.ToString().Split(' ', 3)[1];
                await _respond(path, stream, _stop.Token);
            }
            catch (Exception)
            {
                // The client hung up (as it should when it refuses a response): nothing to do.
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}
