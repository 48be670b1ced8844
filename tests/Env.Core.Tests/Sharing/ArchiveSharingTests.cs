using System.Security.Cryptography;
using System.Text;
using Env.Core.Diagnostics;
using Env.Core.Fetching;
using Env.Core.Locking;
using Env.Core.Nix;
using Env.Core.NuGet;
using Env.Core.Sharing;
using Env.Core.Tests.Fetching;
using Env.Core.Tests.NuGet;
using Env.Core.Tools;

namespace Env.Core.Tests.Sharing;

/// <summary>
/// Archives shared across machines through what a team already runs: a NuGet folder feed (push, then EnvSubstitute) and a
/// hashed mirror folder (mirror export), with real loopback servers for the upstream.
/// </summary>
public sealed class ArchiveSharingTests : IDisposable
{
    private static readonly byte[] Payload = Encoding.ASCII.GetBytes(new string('s', 4000));
    private static readonly ContentHash PayloadHash = new(HashAlgorithmKind.Sha256, SHA256.HashData(Payload));
    private readonly TempDir _dir = new();
    private readonly SharingLog _log = new();

    public ArchiveSharingTests()
    {
        Directory.CreateDirectory(ProjectDir);
        // No machine feed leaks in: substitutes are named explicitly, and nuget.config clears the rest.
        File.WriteAllText(Path.Combine(ProjectDir, "nuget.config"), """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /></packageSources></configuration>
            """);
    }

    public void Dispose() => _dir.Dispose();

    private string ProjectDir => _dir.Combine("repo");

    private string ProjectFile => Path.Combine(ProjectDir, "env.proj");

    private string LockPath => Path.Combine(ProjectDir, "env.lock.json");

    private DownloadCache CacheAt(string name) => new(_dir.Combine(name));

    private static RawHttpServer Serving(string path, byte[] body) => new(async (p, s, ct) =>
    {
        if (p != path)
        {
            await RawHttpServer.WriteHeadAsync(s, "404 Not Found", ct, "Content-Length: 0");
            return;
        }
        await RawHttpServer.WriteHeadAsync(s, "200 OK", ct, $"Content-Length: {body.Length}");
        await s.WriteAsync(body, ct);
    });

    private void WriteLock(string url, ContentHash hash)
    {
        var lockFile = new LockFile();
        foreach (var rid in new[] { "linux-x64", "osx-arm64" })
        {
            lockFile.Set("greeter", rid, new LockEntry
            {
                Kind = LockEntry.ArchiveKind, Url = url, Requested = "1.0", Version = "1.0", SourceHash = hash.ToSri(), Size = Payload.Length,
                NarHash = "sha256-" + Convert.ToBase64String(new byte[32]), StorePath = "jydrcj2vn2h287j37am2nqcvl1l4nvm7-greeter-1.0", // what the NAR hash, name and version give (LockIntegrity)
            });
        }
        lockFile.Save(LockPath);
    }

    [Fact]
    public void The_package_id_is_the_whole_hash_within_nugets_limit()
    {
        var id = ArchivePackage.IdFor(PayloadHash);
        Assert.Equal("EnvSdk.Archive.Sha256-" + PayloadHash.ToHex(), id);
        Assert.True(id.Length <= global::NuGet.Packaging.PackageIdValidator.MaxPackageIdLength);
        Assert.True(global::NuGet.Packaging.PackageIdValidator.IsValidPackageId(id));
        Assert.False(ArchivePackage.Supports(new ContentHash(HashAlgorithmKind.Sha512, new byte[64])));
    }

    [Fact]
    public async Task A_pushed_archive_is_restored_from_the_folder_feed_and_the_url_is_not_asked()
    {
        using var upstream = Serving("/greeter-1.0.tar.gz", Payload);
        var url = upstream.Url("greeter-1.0.tar.gz");
        WriteLock(url, PayloadHash);
        var feed = _dir.Combine("feed");

        var pushed = await ArchivePush.PushAsync(ProjectFile, LockPath, new ArchivePackagePusher(feed, ProjectDir, null, _log),
            new UrlFetcher(CacheAt("cache-a"), _log), _log, CancellationToken.None);
        var one = Assert.Single(pushed);
        Assert.Equal(["greeter (linux-x64)", "greeter (osx-arm64)"], one.Archive.Users);
        Assert.Equal(1, upstream.Requests);
        Assert.Contains(_log.Lines, l => l.Contains($"as {ArchivePackage.IdFor(PayloadHash)} to", StringComparison.Ordinal));

        // Pushing again is harmless: the id can only hold this file.
        await ArchivePush.PushAsync(ProjectFile, LockPath, new ArchivePackagePusher(feed, ProjectDir, null, _log),
            new UrlFetcher(CacheAt("cache-a"), _log), _log, CancellationToken.None);

        // Another machine: a fresh cache, the substitute first.
        var before = upstream.Requests;
        var sources = RestoreSources.Create([], [feed], offline: false, ProjectDir, _log, null, ProjectFile);
        var fetched = await new UrlFetcher(CacheAt("cache-b"), _log, sources: sources)
            .FetchAsync("greeter", new Uri(url), PayloadHash, Payload.Length, ProjectFile, CancellationToken.None);
        Assert.Equal(Payload, File.ReadAllBytes(fetched.Path));
        Assert.Equal(before, upstream.Requests);
        Assert.Contains(_log.Lines, l => l.StartsWith($"info: Fetched greeter from substitute '{feed}'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_substitute_package_with_another_file_is_discarded_and_the_url_serves()
    {
        using var upstream = Serving("/greeter-1.0.tar.gz", Payload);
        var feed = _dir.Combine("feed");
        var wrongFile = _dir.Combine("wrong.tar.gz");
        File.WriteAllBytes(wrongFile, Encoding.ASCII.GetBytes(new string('w', 4000)));
        var nupkg = _dir.Combine($"{ArchivePackage.IdFor(PayloadHash)}.1.0.0.nupkg");
        ArchivePackage.Write(wrongFile, PayloadHash, "a forgery", nupkg);
        await new ArchivePackagePusher(feed, ProjectDir, null, _log).PushAsync([nupkg], TimeSpan.FromMinutes(1), CancellationToken.None);

        var cache = CacheAt("cache");
        var sources = RestoreSources.Create([], [feed], offline: false, ProjectDir, _log, null, ProjectFile);
        var fetched = await new UrlFetcher(cache, _log, sources: sources)
            .FetchAsync("greeter", new Uri(upstream.Url("greeter-1.0.tar.gz")), PayloadHash, null, ProjectFile, CancellationToken.None);

        Assert.Equal(Payload, File.ReadAllBytes(fetched.Path));
        Assert.Equal(1, upstream.Requests);
        Assert.Contains(_log.Lines, l => l.StartsWith("warning ENV0125:", StringComparison.Ordinal) && l.Contains("discarded (not cached)", StringComparison.Ordinal));
        Assert.Equal([cache.PathFor(PayloadHash)], Directory.GetFiles(cache.Dir));
    }

    [Fact]
    public async Task Mirror_export_writes_each_locked_archive_once_in_the_mirror_layout_which_then_serves_a_fresh_cache()
    {
        using var upstream = Serving("/greeter-1.0.tar.gz", Payload);
        var url = upstream.Url("greeter-1.0.tar.gz");
        WriteLock(url, PayloadHash);
        var mirror = _dir.Combine("mirror");

        var first = await MirrorExport.ExportAsync(ProjectFile, LockPath, mirror, new UrlFetcher(CacheAt("cache-a"), _log), _log, CancellationToken.None);
        Assert.Single(first.Written);
        Assert.Equal(Payload, File.ReadAllBytes(Path.Combine(mirror, "sha256", PayloadHash.ToHex())));
        Assert.Equal([Path.Combine(mirror, "sha256", PayloadHash.ToHex())], Directory.GetFiles(mirror, "*", SearchOption.AllDirectories));

        var again = await MirrorExport.ExportAsync(ProjectFile, LockPath, mirror, new UrlFetcher(CacheAt("cache-a"), _log), _log, CancellationToken.None);
        Assert.Empty(again.Written);
        Assert.Single(again.Present);
        Assert.Equal(1, upstream.Requests);

        var fetched = await new UrlFetcher(CacheAt("cache-b"), _log, sources: new FetchSources { Mirrors = [new Uri(mirror)] })
            .FetchAsync("greeter", new Uri(url), PayloadHash, null, ProjectFile, CancellationToken.None);
        Assert.Equal(Payload, File.ReadAllBytes(fetched.Path));
        Assert.Equal(1, upstream.Requests);
    }

    [Fact]
    public async Task Without_a_lock_export_and_push_say_to_build_first()
    {
        var ex = await Assert.ThrowsAsync<EnvException>(() => MirrorExport.ExportAsync(ProjectFile, LockPath, _dir.Combine("m"), new UrlFetcher(CacheAt("c"), _log), _log, CancellationToken.None));
        Assert.Equal(EnvCode.ENV0740, ex.Code);
        Assert.Contains("dotnet env build", ex.Message);
    }

    [Fact]
    public void A_substitute_is_a_configured_name_a_url_or_a_folder_and_a_url_with_credentials_is_refused()
    {
        Assert.Equal(_dir.Combine("repo", "feed"), ArchiveFeeds.Resolve("./feed", ProjectDir, "EnvSubstitute", null).Source);
        Assert.Equal("https://feed.example/index.json", ArchiveFeeds.Resolve("https://feed.example/index.json", ProjectDir, "EnvSubstitute", null).Source);
        var ex = Assert.Throws<EnvException>(() => ArchiveFeeds.Resolve("https://me:s3cret@feed.example/index.json", ProjectDir, "EnvSubstitute", ProjectFile));
        Assert.Equal(EnvCode.ENV0420, ex.Code);
        Assert.DoesNotContain("s3cret", ex.Message);
        Assert.Equal(EnvCode.ENV0420, Assert.Throws<EnvException>(() => ArchiveFeeds.Resolve("team-cache", ProjectDir, "EnvSubstitute", ProjectFile)).Code);
    }
}

/// <summary>Push and substitute over HTTP, against the least of a NuGet server (<see cref="PushableNuGetServer"/>).</summary>
public sealed class ArchiveHttpFeedTests : IDisposable
{
    private static readonly byte[] Payload = Encoding.ASCII.GetBytes(new string('h', 4000));
    private static readonly ContentHash PayloadHash = new(HashAlgorithmKind.Sha256, SHA256.HashData(Payload));
    private readonly TempDir _dir = new();
    private readonly SharingLog _log = new();

    public ArchiveHttpFeedTests()
    {
        Directory.CreateDirectory(_dir.Combine("repo"));
        File.WriteAllText(_dir.Combine("repo", "nuget.config"), """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /></packageSources></configuration>
            """);
        File.WriteAllBytes(_dir.Combine("archive.tar.gz"), Payload);
        ArchivePackage.Write(_dir.Combine("archive.tar.gz"), PayloadHash, "greeter (any) from https://example.invalid/greeter-1.0.tar.gz", Nupkg);
    }

    public void Dispose() => _dir.Dispose();

    private string Nupkg => _dir.Combine($"{ArchivePackage.IdFor(PayloadHash)}.1.0.0.nupkg");

    /// <summary>nuget.config naming the server: NuGet pushes over plain http only to a source that allows it.</summary>
    private void NameInNuGetConfig(PushableNuGetServer server) =>
        File.WriteAllText(_dir.Combine("repo", "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear />
              <add key="team-cache" value="{server.IndexUrl}" allowInsecureConnections="true" />
            </packageSources></configuration>
            """);

    [Fact]
    public async Task A_push_nuget_refuses_over_plain_http_is_an_error_not_a_silent_success()
    {
        using var server = new PushableNuGetServer(apiKey: null);
        var ex = await Assert.ThrowsAsync<EnvException>(() =>
            new ArchivePackagePusher(server.IndexUrl, _dir.Combine("repo"), null, _log).PushAsync([Nupkg], TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.Equal(EnvCode.ENV0422, ex.Code);
        Assert.Contains("allowInsecureConnections", ex.Message);
        Assert.Empty(server.Packages);
    }

    [Fact]
    public async Task Pushed_with_an_api_key_to_an_http_server_it_is_then_substituted_from_there()
    {
        using var server = new PushableNuGetServer(apiKey: "team-key-123");
        NameInNuGetConfig(server);
        var pusher = new ArchivePackagePusher("team-cache", _dir.Combine("repo"), "team-key-123", _log);
        await pusher.PushAsync([Nupkg], TimeSpan.FromMinutes(1), CancellationToken.None);
        // A second push is a 409 from the server, skipped: the id can only hold this file.
        await pusher.PushAsync([Nupkg], TimeSpan.FromMinutes(1), CancellationToken.None);
        Assert.Equal(["team-key-123", "team-key-123"], server.KeysSeen);
        Assert.Single(server.Packages);

        var cache = new DownloadCache(_dir.Combine("cache"));
        var sources = RestoreSources.Create([], ["team-cache"], offline: false, _dir.Combine("repo"), _log, null, null);
        var fetched = await new UrlFetcher(cache, _log, sources: sources)
            .FetchAsync("greeter", new Uri("http://127.0.0.1:9/greeter-1.0.tar.gz"), PayloadHash, null, null, CancellationToken.None);
        Assert.Equal(Payload, File.ReadAllBytes(fetched.Path));
        Assert.Contains(_log.Lines, l => l.StartsWith("info: Fetched greeter from substitute 'team-cache'", StringComparison.Ordinal));
        Assert.DoesNotContain("team-key-123", _log.Text);
    }

    [Fact]
    public async Task A_refused_push_is_ENV0422_without_the_key()
    {
        using var server = new PushableNuGetServer(apiKey: "right-key");
        NameInNuGetConfig(server);
        var ex = await Assert.ThrowsAsync<EnvException>(() =>
            new ArchivePackagePusher("team-cache", _dir.Combine("repo"), "wrong-key-456", _log).PushAsync([Nupkg], TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.Equal(EnvCode.ENV0422, ex.Code);
        Assert.DoesNotContain("wrong-key-456", ex.Message + _log.Text);
        Assert.Equal(["wrong-key-456"], server.KeysSeen); // it reached the server, which refused the key
        Assert.Empty(server.Packages);
    }
}
