using System.Security.Cryptography;
using System.Text;
using Env.Core.Diagnostics;
using Env.Core.Fetching;
using Env.Core.Nix;

namespace Env.Core.Tests.Fetching;

/// <summary>
/// Hashed mirrors (EnvMirror, ENVSDK_MIRRORS) against real loopback servers: tried in order before the URL, each miss
/// (404, refusal, a wrong file) falling through to the next and finally the URL; a wrong file is never cached; the log
/// says which served it and never shows a mirror's credentials.
/// </summary>
public sealed class HashedMirrorTests : IDisposable
{
    private static readonly byte[] Payload = Encoding.ASCII.GetBytes(new string('m', 5000));
    private static readonly ContentHash PayloadHash = new(HashAlgorithmKind.Sha256, SHA256.HashData(Payload));
    private static readonly string MirrorPath = "/sha256/" + PayloadHash.ToHex();
    private readonly TempDir _dir = new();
    private readonly SharingLog _log = new();

    public void Dispose() => _dir.Dispose();

    private DownloadCache Cache => new(_dir.Path);

    private UrlFetcher Fetcher(FetchSources sources) => new(Cache, _log, limits: new DownloadLimits(1 << 20, TimeSpan.FromMinutes(1)), sources: sources);

    /// <summary>Serves <paramref name="files"/> by path; 404 for anything else.</summary>
    private static RawHttpServer Serving(params (string Path, byte[] Body)[] files) => new(async (path, s, ct) =>
    {
        var file = files.FirstOrDefault(f => f.Path == path.Split('?')[0]);
        if (file.Body is null)
        {
            await RawHttpServer.WriteHeadAsync(s, "404 Not Found", ct, "Content-Length: 0");
            return;
        }
        await RawHttpServer.WriteHeadAsync(s, "200 OK", ct, $"Content-Length: {file.Body.Length}");
        await s.WriteAsync(file.Body, ct);
    });

    private static Uri Base(RawHttpServer server, string prefix) => new(server.Url(prefix));

    [Fact]
    public async Task The_first_mirror_that_has_the_file_serves_it_and_the_url_is_not_asked()
    {
        using var empty = Serving();
        using var mirror = Serving(("/team" + MirrorPath, Payload));
        using var upstream = Serving(("/tool.tar.gz", Payload));
        var fetched = await Fetcher(new FetchSources { Mirrors = [Base(empty, "a"), Base(mirror, "team/")] })
            .FetchAsync("tool", new Uri(upstream.Url("tool.tar.gz")), PayloadHash, null, "/repo/env.proj", CancellationToken.None);

        Assert.Equal(Payload, File.ReadAllBytes(fetched.Path));
        Assert.Equal(0, upstream.Requests);
        // In order: the first mirror was asked (and missed) before the second.
        Assert.Equal(1, empty.Requests);
        Assert.Equal("GET /a" + MirrorPath + " HTTP/1.1", Assert.Single(empty.Heads).Split("\r\n")[0]);
        Assert.Contains(_log.Lines, l => l.StartsWith("info: Hashed mirror " + Base(empty, "a").AbsoluteUri + " does not serve tool (ENV0105", StringComparison.Ordinal));
        Assert.Contains(_log.Lines, l => l.StartsWith("info: Fetched tool from hashed mirror " + Base(mirror, "team/").AbsoluteUri, StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_every_mirror_misses_the_url_serves_it()
    {
        using var refusing = new RawHttpServer(async (_, s, ct) => await RawHttpServer.WriteHeadAsync(s, "403 Forbidden", ct, "Content-Length: 0"));
        var down = new Uri("http://127.0.0.1:9/"); // nothing listens on the discard port
        using var upstream = Serving(("/tool.tar.gz", Payload));
        var fetched = await Fetcher(new FetchSources { Mirrors = [down, Base(refusing, "")] })
            .FetchAsync("tool", new Uri(upstream.Url("tool.tar.gz")), PayloadHash, null, "/repo/env.proj", CancellationToken.None);

        Assert.Equal(Payload, File.ReadAllBytes(fetched.Path));
        Assert.Equal(1, upstream.Requests);
        Assert.Equal(1, refusing.Requests); // a mirror is tried once, not retried
        Assert.Equal(2, _log.Lines.Count(l => l.Contains("does not serve tool", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_wrong_file_from_a_mirror_is_discarded_never_cached_and_the_next_source_serves()
    {
        var wrong = Encoding.ASCII.GetBytes(new string('x', 5000));
        using var bad = Serving((MirrorPath, wrong));
        using var upstream = Serving(("/tool.tar.gz", Payload));
        var fetched = await Fetcher(new FetchSources { Mirrors = [Base(bad, "")] })
            .FetchAsync("tool", new Uri(upstream.Url("tool.tar.gz")), PayloadHash, null, "/repo/env.proj", CancellationToken.None);

        Assert.Equal(Payload, File.ReadAllBytes(fetched.Path));
        // Only the pinned file is in the cache: nothing under the wrong file's hash, no temporary left.
        Assert.Equal([Cache.PathFor(PayloadHash)], Directory.GetFiles(Cache.Dir));
        var warning = Assert.Single(_log.Lines, l => l.StartsWith("warning ENV0125:", StringComparison.Ordinal));
        Assert.Contains(new ContentHash(HashAlgorithmKind.Sha256, SHA256.HashData(wrong)).ToSri(), warning);
        Assert.Contains("discarded (not cached)", warning);
    }

    [Fact]
    public async Task A_wrong_file_from_every_source_fails_as_the_url_does_and_caches_nothing()
    {
        var wrong = Encoding.ASCII.GetBytes(new string('x', 5000));
        using var bad = Serving((MirrorPath, wrong));
        using var upstream = Serving(("/tool.tar.gz", wrong));
        var ex = await Assert.ThrowsAsync<EnvException>(() => Fetcher(new FetchSources { Mirrors = [Base(bad, "")] })
            .FetchAsync("tool", new Uri(upstream.Url("tool.tar.gz")), PayloadHash, null, "/repo/env.proj", CancellationToken.None));
        Assert.Equal(EnvCode.ENV0102, ex.Code);
        Assert.Empty(Directory.GetFiles(Cache.Dir));
    }

    [Fact]
    public async Task A_mirrors_credentials_are_sent_as_basic_authentication_and_never_logged()
    {
        using var mirror = new RawHttpServer(async (path, s, ct) =>
        {
            await RawHttpServer.WriteHeadAsync(s, "404 Not Found", ct, "Content-Length: 0");
        });
        using var upstream = Serving(("/tool.tar.gz", Payload));
        var withSecrets = new Uri(mirror.Url("m?token=tok3n-value").Replace("http://", "http://ci-user:s3cret-pass@"));
        await Fetcher(new FetchSources { Mirrors = [withSecrets] })
            .FetchAsync("tool", new Uri(upstream.Url("tool.tar.gz")), PayloadHash, null, "/repo/env.proj", CancellationToken.None);

        var head = Assert.Single(mirror.Heads);
        // The path gets /sha256/<hex>, the query stays; the user and password travel in the header, not the request line.
        Assert.StartsWith($"GET /m{MirrorPath}?token=tok3n-value HTTP/1.1", head);
        Assert.Contains("Authorization: Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("ci-user:s3cret-pass")), head);
        Assert.Contains(_log.Lines, l => l.Contains("does not serve tool", StringComparison.Ordinal));
        Assert.DoesNotContain("s3cret", _log.Text);
        Assert.DoesNotContain("ci-user", _log.Text);
        Assert.DoesNotContain("tok3n", _log.Text);
    }

    [Fact]
    public async Task Credentials_stay_out_of_errors_too_when_everything_fails()
    {
        using var upstream = Serving();
        var mirror = new Uri("http://ci-user:s3cret-pass@127.0.0.1:9/m?sig=s1gnature");
        var ex = await Assert.ThrowsAsync<EnvException>(() => Fetcher(new FetchSources { Mirrors = [mirror] })
            .FetchAsync("tool", new Uri(upstream.Url("tool.tar.gz")), PayloadHash, null, "/repo/env.proj", CancellationToken.None));
        Assert.Equal(EnvCode.ENV0105, ex.Code);
        Assert.DoesNotContain("s3cret", ex.Message + _log.Text);
        Assert.DoesNotContain("s1gnature", ex.Message + _log.Text);
    }

    [Fact]
    public async Task A_sha512_pin_skips_the_mirrors()
    {
        var sha512 = new ContentHash(HashAlgorithmKind.Sha512, SHA512.HashData(Payload));
        using var mirror = Serving();
        using var upstream = Serving(("/tool.tar.gz", Payload));
        var fetched = await Fetcher(new FetchSources { Mirrors = [Base(mirror, "")] })
            .FetchAsync("tool", new Uri(upstream.Url("tool.tar.gz")), sha512, null, "/repo/env.proj", CancellationToken.None);
        Assert.Equal(sha512, fetched.Hash);
        Assert.Equal(0, mirror.Requests);
    }

    [Fact]
    public async Task A_file_mirror_serves_as_a_folder_in_the_mirror_layout()
    {
        var folder = Path.Combine(_dir.Path, "mirror");
        Directory.CreateDirectory(Path.Combine(folder, "sha256"));
        File.WriteAllBytes(Path.Combine(folder, HashedMirrors.RelativePath(PayloadHash)), Payload);
        using var upstream = Serving();
        var fetched = await Fetcher(new FetchSources { Mirrors = [new Uri(folder)] })
            .FetchAsync("tool", new Uri(upstream.Url("tool.tar.gz")), PayloadHash, null, "/repo/env.proj", CancellationToken.None);
        Assert.Equal(Payload, File.ReadAllBytes(fetched.Path));
        Assert.Equal(0, upstream.Requests);
    }

    [Fact]
    public void Mirror_lists_are_split_on_spaces_and_semicolons_and_bad_ones_refused_without_their_secrets()
    {
        var list = HashedMirrors.Parse(["https://a.example/x  https://b.example/y;file:///srv/m", "https://a.example/x"], "ENVSDK_MIRRORS", null);
        Assert.Equal(["https://a.example/x", "https://b.example/y", "file:///srv/m"], list.Select(u => u.OriginalString));
        var ex = Assert.Throws<EnvException>(() => HashedMirrors.Parse(["ftp://user:pw@host/m"], "EnvMirror", "/repo/env.proj"));
        Assert.Equal(EnvCode.ENV0121, ex.Code);
        Assert.DoesNotContain("user:pw", ex.Message);
        Assert.Contains("ftp://***@host/m", ex.Message);
        Assert.Equal("https://m.example/base/sha256/" + PayloadHash.ToHex() + "?token=t", HashedMirrors.UrlFor(new Uri("https://m.example/base/?token=t"), PayloadHash)!.AbsoluteUri);
    }
}
