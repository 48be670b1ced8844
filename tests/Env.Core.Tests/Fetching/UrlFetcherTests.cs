using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Env.Core.Diagnostics;
using Env.Core.Fetching;
using Env.Core.Nix;

namespace Env.Core.Tests.Fetching;

/// <summary>
/// Downloads from servers that misbehave (issue 5, items 4, 5 and 8): every one ends in a coded error, in bounded
/// time and bytes, with no partial file left in the cache and no secret in the message.
/// </summary>
public sealed class UrlFetcherTests : IDisposable
{
    private static readonly byte[] Payload = Encoding.ASCII.GetBytes(new string('p', 1000));
    private static readonly ContentHash PayloadHash = new(HashAlgorithmKind.Sha256, SHA256.HashData(Payload));
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private DownloadCache Cache => new(_dir.Path);

    private UrlFetcher Fetcher(long maxBytes = DownloadLimits.DefaultMaxBytes, TimeSpan? timeout = null) =>
        new(Cache, NullEnvLog.Instance, limits: new DownloadLimits(maxBytes, timeout ?? TimeSpan.FromMinutes(1)));

    private EnvException Fails(EnvCode code, UrlFetcher fetcher, string url, long? expectedSize = null, ContentHash? hash = null)
    {
        var ex = Assert.ThrowsAny<EnvException>(() => fetcher.FetchAsync("t", new Uri(url), hash ?? PayloadHash, expectedSize, "/repo/env.proj", CancellationToken.None).GetAwaiter().GetResult());
        Assert.True(code == ex.Code, $"expected {code}, got {ex.Code}: {ex.Message}");
        Assert.Equal("/repo/env.proj", ex.File);
        Assert.Empty(Directory.Exists(Cache.Dir) ? Directory.GetFiles(Cache.Dir) : []);
        return ex;
    }

    private static Func<string, Stream, CancellationToken, Task> Serve(byte[] body) => async (_, s, ct) =>
    {
        await RawHttpServer.WriteHeadAsync(s, "200 OK", ct, $"Content-Length: {body.Length}");
        await s.WriteAsync(body, ct);
    };

    [Fact]
    public void A_fifo_as_a_file_url_is_refused_at_once()
    {
        var fifo = _dir.Combine("tool.tar.gz");
        IO.StateFileTests.MakeFifo(fifo);
        var clock = Stopwatch.StartNew();
        var ex = Fails(EnvCode.ENV0110, Fetcher(timeout: TimeSpan.FromMinutes(10)), new Uri(fifo).AbsoluteUri);
        Assert.Contains("fifo", ex.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), clock.Elapsed.ToString());
    }

    [Fact]
    public async Task A_well_behaved_server_is_fetched_and_cached()
    {
        using var server = new RawHttpServer(Serve(Payload));
        var fetched = await Fetcher().FetchAsync("t", new Uri(server.Url("t.tar.gz")), PayloadHash, Payload.Length, "/repo/env.proj", CancellationToken.None);
        Assert.Equal(Payload, File.ReadAllBytes(fetched.Path));
        Assert.Equal(Payload.Length, fetched.Size);
    }

    [Fact]
    public void A_server_streaming_zeros_for_ever_is_stopped_at_the_maximum()
    {
        var zeros = new byte[64 << 10];
        using var server = new RawHttpServer(async (_, s, ct) =>
        {
            await RawHttpServer.WriteHeadAsync(s, "200 OK", ct);
            while (!ct.IsCancellationRequested) await s.WriteAsync(zeros, ct);
        });
        var clock = Stopwatch.StartNew();
        var ex = Fails(EnvCode.ENV0106, Fetcher(maxBytes: 1 << 20), server.Url("zeros.tar.gz"));
        Assert.Contains("sent more than 1048576 bytes", ex.Message);
        Assert.Contains("EnvMaxDownloadSize", ex.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_length_above_the_maximum_is_refused_before_the_body_is_read()
    {
        using var server = new RawHttpServer(async (_, s, ct) =>
        {
            await RawHttpServer.WriteHeadAsync(s, "200 OK", ct, $"Content-Length: {10L << 30}");
            await Task.Delay(Timeout.Infinite, ct); // the body never comes: only the header can fail it in time
        });
        var ex = Fails(EnvCode.ENV0106, Fetcher(maxBytes: 1 << 20), server.Url("huge.tar.gz"));
        Assert.Contains($"announces {10L << 30} bytes", ex.Message);
    }

    [Fact]
    public void With_a_size_in_the_lock_no_more_than_that_is_accepted()
    {
        using var server = new RawHttpServer(Serve(Payload));
        var ex = Fails(EnvCode.ENV0106, Fetcher(), server.Url("t.tar.gz"), expectedSize: 100);
        Assert.Contains("env.lock.json records 100 bytes", ex.Message);

        using var unannounced = new RawHttpServer(async (_, s, ct) =>
        {
            await RawHttpServer.WriteHeadAsync(s, "200 OK", ct);
            await s.WriteAsync(Payload, ct);
        });
        ex = Fails(EnvCode.ENV0106, Fetcher(), unannounced.Url("t.tar.gz"), expectedSize: 100);
        Assert.Contains("sent more than 100 bytes", ex.Message);
    }

    [Fact]
    public void A_trickle_that_never_stalls_is_stopped_by_the_whole_download_deadline()
    {
        using var server = new RawHttpServer(async (_, s, ct) =>
        {
            await RawHttpServer.WriteHeadAsync(s, "200 OK", ct, $"Content-Length: {Payload.Length}");
            foreach (var b in Payload)
            {
                await s.WriteAsync(new[] { b }, ct);
                await Task.Delay(100, ct);
            }
        });
        var clock = Stopwatch.StartNew();
        var ex = Fails(EnvCode.ENV0107, Fetcher(timeout: TimeSpan.FromSeconds(2)), server.Url("slow.tar.gz"));
        Assert.Contains("did not finish within 2s", ex.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(6), $"took {clock.Elapsed}");
    }

    [Fact]
    public void The_deadline_also_bounds_a_file_url_that_never_ends()
    {
        var ex = Fails(EnvCode.ENV0106, Fetcher(maxBytes: 1 << 20), "file:///dev/zero");
        Assert.Contains("file:///dev/zero", ex.Message);
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://127.0.0.1/t.tar.gz")]
    [InlineData("data:text/plain,hello")]
    public void A_redirect_to_another_scheme_is_a_coded_error(string location)
    {
        using var server = new RawHttpServer((_, s, ct) => RawHttpServer.WriteHeadAsync(s, "302 Found", ct, $"Location: {location}", "Content-Length: 0"));
        var ex = Fails(EnvCode.ENV0108, Fetcher(), server.Url("t.tar.gz"));
        Assert.Contains("only redirects to http or https URLs are followed", ex.Message);
    }

    [Theory]
    [InlineData("https://a.test/x", "http://b.test/x", "from https down to http://b.test/x")]
    [InlineData("https://a.test/x", "http://a.test/x", "from https down to")]
    [InlineData("http://a.test/x", "file:///etc/passwd", "only redirects to http or https")]
    [InlineData("https://a.test/x", "ftp://u:hunter2@b.test/x?sig=hunter2", "to ftp://***@b.test/x")]
    public void Redirects_that_leave_http_or_drop_tls_are_refused_and_shown_redacted(string from, string to, string expected)
    {
        var problem = UrlFetcher.RedirectProblem(new Uri(from), new Uri(to));
        Assert.NotNull(problem);
        Assert.Contains(expected, problem);
        Assert.DoesNotContain("hunter2", problem);
    }

    [Theory]
    [InlineData("http://a.test/x", "https://b.test/x")]
    [InlineData("http://a.test/x", "http://b.test/y")]
    [InlineData("https://a.test/x", "https://cdn.test/y")]
    public void Redirects_within_http_or_up_to_https_are_followed(string from, string to) =>
        Assert.Null(UrlFetcher.RedirectProblem(new Uri(from), new Uri(to)));

    [Fact]
    public async Task Redirects_to_http_absolute_and_relative_are_followed()
    {
        RawHttpServer? server = null;
        server = new RawHttpServer((path, s, ct) => path switch
        {
            "/a" => RawHttpServer.WriteHeadAsync(s, "301 Moved Permanently", ct, $"Location: {server!.Url("b")}", "Content-Length: 0"),
            "/b" => RawHttpServer.WriteHeadAsync(s, "307 Temporary Redirect", ct, "Location: /files/t.tar.gz", "Content-Length: 0"),
            _ => Serve(Payload)(path, s, ct),
        });
        using (server)
        {
            var fetched = await Fetcher().FetchAsync("t", new Uri(server.Url("a")), PayloadHash, null, "/repo/env.proj", CancellationToken.None);
            Assert.Equal(Payload, File.ReadAllBytes(fetched.Path));
            Assert.Equal(3, server.Requests);
        }
    }

    [Fact]
    public void Redirects_are_not_followed_for_ever()
    {
        using var server = new RawHttpServer((path, s, ct) => RawHttpServer.WriteHeadAsync(s, "302 Found", ct, $"Location: {path}x", "Content-Length: 0"));
        var ex = Fails(EnvCode.ENV0109, Fetcher(), server.Url("loop"));
        Assert.Contains($"more than {UrlFetcher.MaxRedirects} times", ex.Message);
        Assert.Equal(UrlFetcher.MaxRedirects + 1, server.Requests);

        using var nowhere = new RawHttpServer((_, s, ct) => RawHttpServer.WriteHeadAsync(s, "302 Found", ct, "Content-Length: 0"));
        Assert.Contains("no Location", Fails(EnvCode.ENV0109, Fetcher(), nowhere.Url("t.tar.gz")).Message);
    }

    [Fact]
    public void An_unparsable_location_is_named_as_such_not_as_none()
    {
        using var server = new RawHttpServer((_, s, ct) => RawHttpServer.WriteHeadAsync(s, "302 Found", ct, "Location: http://[not-a-host/t.tar.gz", "Content-Length: 0"));
        var ex = Fails(EnvCode.ENV0111, Fetcher(), server.Url("t.tar.gz"));
        Assert.Contains("http://[not-a-host/t.tar.gz", ex.Message);
        Assert.DoesNotContain("no Location", ex.Message);
    }

    [Theory]
    [InlineData("401 Unauthorized")]
    [InlineData("403 Forbidden")]
    public void A_server_refusing_access_is_told_apart_from_a_wrong_url(string status)
    {
        using var server = new RawHttpServer((_, s, ct) => RawHttpServer.WriteHeadAsync(s, status, ct, "Content-Length: 0"));
        var refused = Fails(EnvCode.ENV0140, Fetcher(), server.Url("t.tar.gz"));
        Assert.Contains(status, refused.Message);
        Assert.Contains("credentials", refused.Message);
        Assert.Equal(1, server.Requests); // not retried: asking again changes nothing

        using var missing = new RawHttpServer((_, s, ct) => RawHttpServer.WriteHeadAsync(s, "404 Not Found", ct, "Content-Length: 0"));
        Assert.DoesNotContain("credentials", Fails(EnvCode.ENV0105, Fetcher(), missing.Url("t.tar.gz")).Message);
    }

    [Fact]
    public void Secrets_in_the_url_or_a_redirect_never_reach_the_message()
    {
        using var server = new RawHttpServer((path, s, ct) => path.StartsWith("/r", StringComparison.Ordinal)
            ? RawHttpServer.WriteHeadAsync(s, "302 Found", ct, "Location: file:///x?X-Amz-Signature=hunter2sig&X-Amz-Credential=hunter2cred", "Content-Length: 0")
            : RawHttpServer.WriteHeadAsync(s, "404 Not Found", ct, "Content-Length: 0"));
        var ex = Fails(EnvCode.ENV0105, Fetcher(), server.Url("t.tar.gz?token=hunter2tok&arch=x64"));
        Assert.DoesNotContain("hunter2", ex.Message);
        Assert.Contains("token=***&arch=x64", ex.Message);

        ex = Fails(EnvCode.ENV0108, Fetcher(), server.Url("r.tar.gz?sig=hunter2"));
        Assert.DoesNotContain("hunter2", ex.Message);
        Assert.Contains("X-Amz-Signature=***", ex.Message);
    }

    [Fact]
    public void A_hash_mismatch_message_redacts_the_url_and_leaves_no_file()
    {
        using var server = new RawHttpServer(Serve(Payload));
        var other = new ContentHash(HashAlgorithmKind.Sha256, new byte[32]);
        var ex = Fails(EnvCode.ENV0102, Fetcher(), server.Url("t.tar.gz?access_token=hunter2"), hash: other);
        Assert.DoesNotContain("hunter2", ex.Message);
    }

    [Fact]
    public void Cancelling_stops_a_download_and_leaves_no_file()
    {
        using var server = new RawHttpServer(async (_, s, ct) =>
        {
            await RawHttpServer.WriteHeadAsync(s, "200 OK", ct, "Content-Length: 1000000");
            while (!ct.IsCancellationRequested) { await s.WriteAsync(new byte[1], ct); await Task.Delay(50, ct); }
        });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var clock = Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() => Fetcher().FetchAsync("t", new Uri(server.Url("t.tar.gz")), PayloadHash, null, null, cancel.Token).GetAwaiter().GetResult());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2));
        Assert.Empty(Directory.GetFiles(Cache.Dir));
    }
}

public sealed class DownloadLimitsTests
{
    [Fact]
    public void Empty_properties_mean_the_defaults_and_numbers_are_read()
    {
        Assert.Equal(DownloadLimits.Default, DownloadLimits.Parse("", null, "/repo/env.proj"));
        Assert.Equal(new DownloadLimits(1000, TimeSpan.FromSeconds(5)), DownloadLimits.Parse("1000", " 5 ", "/repo/env.proj"));
    }

    [Theory]
    [InlineData("0", "")]
    [InlineData("-1", "")]
    [InlineData("4GiB", "")]
    [InlineData("", "1.5")]
    [InlineData("", "soon")]
    public void Anything_but_a_positive_whole_number_is_a_coded_error(string size, string timeout)
    {
        var ex = Assert.Throws<EnvException>(() => DownloadLimits.Parse(size, timeout, "/repo/env.proj"));
        Assert.Equal(EnvCode.ENV0031, ex.Code);
        Assert.Equal("/repo/env.proj", ex.File);
    }
}
