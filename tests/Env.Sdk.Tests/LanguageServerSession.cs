using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Env.Sdk.Tests;

/// <summary>
/// A language server driven as an editor drives it: the Language Server Protocol over the server's stdin and stdout
/// (JSON-RPC messages framed by a Content-Length header). Every message the server sends is kept, in order, for the
/// test to read; requests the server makes of the editor (progress tokens, configuration) are answered as an editor
/// with no settings would. Disposing ends the server (shutdown, exit, then a kill if it lingers).
/// </summary>
public sealed class LanguageServerSession : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<JsonElement> _incoming = new();
    private readonly List<JsonElement> _received = [];
    private readonly StringBuilder _stderr = new();
    private readonly object _writeLock = new();
    private int _nextId;

    public LanguageServerSession(string program, IEnumerable<string> args, string workingDirectory, IDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory, UseShellExecute = false,
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in environment)
        {
            if (v is null) start.Environment.Remove(k);
            else start.Environment[k] = v;
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.AppendLine(e.Data); };
        _process.BeginErrorReadLine();
        new Thread(ReadMessages) { IsBackground = true, Name = "lsp-reader" }.Start();
    }

    /// <summary>Every message received so far, as one line of JSON each (for assertion messages).</summary>
    public string Transcript
    {
        get
        {
            lock (_received) return string.Join('\n', _received.Select(m => m.GetRawText())) + "\n--- stderr ---\n" + Stderr;
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr) return _stderr.ToString();
        }
    }

    public IReadOnlyList<JsonElement> Received
    {
        get
        {
            lock (_received) return [.. _received];
        }
    }

    public int Request(string method, JsonNode? parameters)
    {
        var id = Interlocked.Increment(ref _nextId);
        Send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
        return id;
    }

    public void Notify(string method, JsonNode? parameters) =>
        Send(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    /// <summary>The response to request <paramref name="id"/>.</summary>
    public JsonElement Response(int id, TimeSpan timeout) =>
        WaitFor(m => m.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.Number && i.GetInt32() == id && !m.TryGetProperty("method", out _), timeout, $"the response to request {id}");

    /// <summary>The first message from now on that matches; earlier ones stay in <see cref="Received"/>.</summary>
    public JsonElement WaitFor(Func<JsonElement, bool> match, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !_incoming.TryTake(out var message, left))
                throw new TimeoutException($"No {what} within {timeout.TotalSeconds:0} s (server exited: {_process.HasExited}).\n{Transcript}");
            if (match(message)) return message;
        }
    }

    private void Send(JsonNode message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        lock (_writeLock)
        {
            var stdin = _process.StandardInput.BaseStream;
            stdin.Write(Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"));
            stdin.Write(body);
            stdin.Flush();
        }
    }

    private void ReadMessages()
    {
        var stdout = _process.StandardOutput.BaseStream;
        try
        {
            while (ReadMessage(stdout) is { } message)
            {
                lock (_received) _received.Add(message);
                if (message.TryGetProperty("method", out var method) && message.TryGetProperty("id", out var id))
                    Answer(method.GetString()!, id, message);
                _incoming.Add(message);
            }
        }
        catch (IOException)
        {
            // The server ended; WaitFor reports it.
        }
    }

    /// <summary>As an editor without settings: configuration items unset, progress tokens and the rest accepted.</summary>
    private void Answer(string method, JsonElement id, JsonElement request)
    {
        JsonNode? result = null;
        if (method == "workspace/configuration" && request.TryGetProperty("params", out var p) && p.TryGetProperty("items", out var items))
            result = new JsonArray([.. Enumerable.Repeat<JsonNode?>(null, items.GetArrayLength())]);
        Send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = JsonNode.Parse(id.GetRawText()), ["result"] = result });
    }

    /// <summary>One framed message; null at the end of the stream. Headers are bounded, as is the body (64 MiB).</summary>
    private static JsonElement? ReadMessage(Stream stream)
    {
        var length = -1;
        while (true)
        {
            var line = ReadHeaderLine(stream);
            if (line is null) return null;
            if (line.Length == 0) break;
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) length = int.Parse(line["Content-Length:".Length..].Trim());
        }
        if (length is < 0 or > 64 * 1024 * 1024) throw new InvalidDataException($"Bad Content-Length {length}.");
        var body = new byte[length];
        stream.ReadExactly(body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static string? ReadHeaderLine(Stream stream)
    {
        var bytes = new List<byte>();
        while (true)
        {
            var b = stream.ReadByte();
            if (b < 0) return bytes.Count == 0 ? null : throw new EndOfStreamException();
            if (b == '\n') return Encoding.ASCII.GetString([.. bytes]).TrimEnd('\r');
            if (bytes.Count > 4096) throw new InvalidDataException("A header line over 4 KiB.");
            bytes.Add((byte)b);
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                var id = Request("shutdown", null);
                try
                {
                    Response(id, TimeSpan.FromSeconds(10));
                }
                catch (TimeoutException)
                {
                    // Killed below.
                }
                Notify("exit", null);
                _process.StandardInput.Close();
            }
        }
        catch (IOException)
        {
            // The server is gone already.
        }
        if (!_process.WaitForExit(TimeSpan.FromSeconds(10))) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
