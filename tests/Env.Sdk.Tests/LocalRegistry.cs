using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Env.Sdk.Tests;

/// <summary>
/// A real registry on 127.0.0.1 (Debian's docker-registry, the CNCF distribution registry), with basic auth from an
/// htpasswd file made by htpasswd -B, its storage and log in a temporary folder.
/// </summary>
public sealed class LocalRegistry : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    public LocalRegistry(string dir, string user, string password)
    {
        Directory.CreateDirectory(dir);
        var htpasswd = ProcessRunner.RunSplit("htpasswd", ["-Bbn", user, password], dir, new Dictionary<string, string?>());
        if (htpasswd.ExitCode != 0) throw new InvalidOperationException(htpasswd.ToString());
        File.WriteAllText(Path.Combine(dir, "htpasswd"), htpasswd.Stdout);
        Port = FreePort();
        File.WriteAllText(Path.Combine(dir, "config.yml"), $"""
            version: 0.1
            log:
              level: info
            storage:
              filesystem:
                rootdirectory: {dir}/data
            http:
              addr: 127.0.0.1:{Port}
            auth:
              htpasswd:
                realm: test
                path: {dir}/htpasswd
            """);
        var start = new ProcessStartInfo("docker-registry") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(Path.Combine(dir, "config.yml"));
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!Log.Contains("listening on"))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline) throw new InvalidOperationException("docker-registry did not start:\n" + Log);
            Thread.Sleep(50);
        }
    }

    public int Port { get; }

    /// <summary><c>127.0.0.1:PORT</c>, as ContainerRegistry names it.</summary>
    public string Host => $"127.0.0.1:{Port}";

    /// <summary>The registry's log: its access lines show each request.</summary>
    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    /// <summary>How many uploads were started (<c>POST /v2/REPO/blobs/uploads/</c>) in the log so far.</summary>
    public int UploadsStarted(string repository) =>
        Log.Split('\n').Count(l => l.Contains($"\"POST /v2/{repository}/blobs/uploads/ ", StringComparison.Ordinal) && l.Contains("\" 202 ", StringComparison.Ordinal));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
