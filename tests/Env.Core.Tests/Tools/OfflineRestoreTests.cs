using System.Security.Cryptography;
using System.Text;
using Env.Core.Diagnostics;
using Env.Core.Fetching;
using Env.Core.Locking;
using Env.Core.Model;
using Env.Core.Nix;
using Env.Core.Store;
using Env.Core.Tests.Fetching;
using Env.Core.Tools;

namespace Env.Core.Tests.Tools;

/// <summary>
/// Offline (EnvOffline, --offline, ENVSDK_OFFLINE): only the store, the download cache and local files; no request to any
/// server, no feed; what is missing is one ENV0120 naming every tool, raised before anything is fetched or written.
/// </summary>
public sealed class OfflineRestoreTests : IDisposable
{
    private static readonly byte[] Payload = Encoding.ASCII.GetBytes(new string('o', 3000));
    private static readonly ContentHash PayloadHash = new(HashAlgorithmKind.Sha256, SHA256.HashData(Payload));
    private readonly TempDir _dir = new();
    private readonly SharingLog _log = new();

    public void Dispose() => _dir.Dispose();

    private DownloadCache Cache => new(_dir.Path);

    private static RawHttpServer Serving(byte[] body) => new(async (_, s, ct) =>
    {
        await RawHttpServer.WriteHeadAsync(s, "200 OK", ct, $"Content-Length: {body.Length}");
        await s.WriteAsync(body, ct);
    });

    private UrlFetcher Offline(params Uri[] mirrors) => new(Cache, _log, sources: new FetchSources { Offline = true, Mirrors = mirrors });

    [Fact]
    public async Task Offline_a_cached_file_is_used_and_a_missing_one_is_ENV0120_without_a_request()
    {
        using var server = Serving(Payload);
        using var mirror = Serving(Payload);
        var url = new Uri(server.Url("tool-1.0.tar.gz"));
        var ex = await Assert.ThrowsAsync<EnvException>(() => Offline(new Uri(mirror.Url("m"))).FetchAsync("tool", url, PayloadHash, null, "/repo/env.proj", CancellationToken.None));
        Assert.Equal(EnvCode.ENV0120, ex.Code);
        Assert.Contains($"'tool': {url.AbsoluteUri} is not in the download cache", ex.Message);
        Assert.Contains("dotnet env mirror export", ex.Message);
        Assert.Equal(0, server.Requests);
        Assert.Equal(0, mirror.Requests);

        // Online once, then offline from the cache.
        await new UrlFetcher(Cache, _log).FetchAsync("tool", url, PayloadHash, null, "/repo/env.proj", CancellationToken.None);
        var before = server.Requests;
        var cached = await Offline().FetchAsync("tool", url, PayloadHash, null, "/repo/env.proj", CancellationToken.None);
        Assert.Equal(Payload, File.ReadAllBytes(cached.Path));
        Assert.Equal(before, server.Requests);
    }

    [Fact]
    public async Task Offline_local_files_are_read_a_file_url_and_a_file_mirror()
    {
        var local = Path.Combine(_dir.Path, "vendor", "tool.tar.gz");
        Directory.CreateDirectory(Path.GetDirectoryName(local)!);
        File.WriteAllBytes(local, Payload);
        var fromFile = await Offline().FetchAsync("tool", new Uri(local), PayloadHash, null, "/repo/env.proj", CancellationToken.None);
        Assert.Equal(Payload, File.ReadAllBytes(fromFile.Path));

        File.Delete(fromFile.Path);
        var mirror = Path.Combine(_dir.Path, "usb-mirror");
        Directory.CreateDirectory(Path.Combine(mirror, "sha256"));
        File.WriteAllBytes(Path.Combine(mirror, HashedMirrors.RelativePath(PayloadHash)), Payload);
        using var server = Serving(Payload);
        var fromMirror = await Offline(new Uri(mirror)).FetchAsync("tool", new Uri(server.Url("t.tar.gz")), PayloadHash, null, "/repo/env.proj", CancellationToken.None);
        Assert.Equal(Payload, File.ReadAllBytes(fromMirror.Path));
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public async Task An_offline_restore_names_every_missing_tool_at_once_and_asks_no_server_or_feed()
    {
        using var server = Serving(Payload);
        var project = Path.Combine(_dir.Path, "repo", "env.proj");
        var store = new EnvStore(Path.Combine(_dir.Path, "store"), _log);
        var feedsAsked = 0;
        var installer = new ToolInstaller(store, Cache, () => { feedsAsked++; throw new InvalidOperationException("no feed offline"); },
            1 << 30, "linux-x64", _log, sources: new FetchSources { Offline = true });
        var specs = new List<ToolSpec>
        {
            new() { Name = "greeter", Version = "1.0", Url = new Uri(server.Url("greeter-1.0.tar.gz")), Hash = PayloadHash, DeclaredIn = project },
            new() { Name = "other", Version = "2.0", Url = new Uri(server.Url("other-2.0.tar.gz")), Hash = new ContentHash(HashAlgorithmKind.Sha256, new byte[32]), DeclaredIn = project },
            new() { Name = "hello", Version = "1.*", Package = "Hello.Tool", DeclaredIn = project },
        };
        var lockPath = Path.Combine(_dir.Path, "repo", "env.lock.json");

        var ex = await Assert.ThrowsAsync<EnvException>(() => new EnvRestorer(installer, store, _log)
            .RestoreAsync(specs, new LockFile(), lockPath, new RestoreOptions { Rid = "linux-x64", Offline = true }, CancellationToken.None));

        Assert.Equal(EnvCode.ENV0120, ex.Code);
        Assert.Equal(project, ex.File);
        Assert.Contains("3 tools are neither in the store nor in the download cache", ex.Message);
        Assert.Contains($"'greeter' 1.0 (any): {server.Url("greeter-1.0.tar.gz")} is not in the download cache", ex.Message);
        Assert.Contains($"'other' 2.0 (any): {server.Url("other-2.0.tar.gz")} is not in the download cache", ex.Message);
        Assert.Contains("'hello' 1.* (any): package Hello.Tool is not in env.lock.json, and offline a version is taken only from the lock", ex.Message);
        Assert.Contains("drop EnvOffline / --offline / ENVSDK_OFFLINE", ex.Message);
        Assert.Equal(0, server.Requests);
        Assert.Equal(0, feedsAsked);
        Assert.False(File.Exists(lockPath));
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, "store")) && Directory.EnumerateFileSystemEntries(Path.Combine(_dir.Path, "store")).Any(e => !Path.GetFileName(e).StartsWith('.')));
    }

    [Fact]
    public async Task An_offline_update_is_refused()
    {
        var store = new EnvStore(Path.Combine(_dir.Path, "store"), _log);
        var installer = new ToolInstaller(store, Cache, () => throw new InvalidOperationException(), 1 << 30, "linux-x64", _log, sources: new FetchSources { Offline = true });
        var ex = await Assert.ThrowsAsync<EnvException>(() => new EnvRestorer(installer, store, _log)
            .RestoreAsync([new ToolSpec { Name = "hello", Version = "1.*", Package = "Hello.Tool" }], new LockFile(), Path.Combine(_dir.Path, "env.lock.json"),
                new RestoreOptions { Rid = "linux-x64", Offline = true, Update = true }, CancellationToken.None));
        Assert.Equal(EnvCode.ENV0124, ex.Code);
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    [InlineData("TRUE", true)]
    [InlineData("1", true)]
    public void Offline_text_is_true_or_false(string text, bool expected) =>
        Assert.Equal(expected, FetchSources.ParseOffline(text, "EnvOffline", null));

    [Fact]
    public void An_offline_typo_is_refused_rather_than_going_online() =>
        Assert.Equal(EnvCode.ENV0122, Assert.Throws<EnvException>(() => FetchSources.ParseOffline("yes", "EnvOffline", "/repo/env.proj")).Code);
}
