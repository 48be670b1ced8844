using System.IO.Compression;
using Env.Core.Diagnostics;
using Env.Core.NuGet;
using NuGet.Packaging;

namespace Env.Core.Tests.NuGet;

public sealed class NuGetPackageFetcherTests : IDisposable
{
    private readonly TestNuGetConfig _config = new();
    private readonly RecordingLog _log = new();

    public void Dispose() => _config.Dispose();

    private string FeedWith(string name, string id, params string[] versions)
    {
        var feed = _config.Feed(name);
        foreach (var v in versions) TestNupkg.Write(feed, id, v);
        return feed;
    }

    private NuGetPackageFetcher Fetcher() => new(_config.Root, _log);

    [Fact]
    public async Task Exact_version_resolves_to_that_version_on_the_source_that_has_it()
    {
        _config.Write([("local", FeedWith("a", "Contoso.Tool", "1.0.0", "1.3.0", "1.5.0"))]);
        using var fetcher = Fetcher();

        var resolved = await fetcher.ResolveAsync("Contoso.Tool", "1.3.0", CancellationToken.None);

        Assert.Equal(new PackageIdentityResolved("Contoso.Tool", "1.3.0", "local"), resolved);
    }

    [Fact]
    public async Task Exact_version_is_not_a_minimum_so_a_missing_one_fails_even_when_higher_ones_exist()
    {
        _config.Write([("local", FeedWith("a", "Contoso.Tool", "1.0.0", "1.5.0"))]);
        using var fetcher = Fetcher();

        var e = await Assert.ThrowsAsync<EnvException>(() => fetcher.ResolveAsync("Contoso.Tool", "1.3.0", CancellationToken.None));

        Assert.Equal(EnvCode.ENV0404, e.Code);
    }

    [Fact]
    public async Task Floating_major_picks_the_highest_stable_version_of_that_major()
    {
        _config.Write([("local", FeedWith("a", "Contoso.Tool", "1.0.0", "1.2.0", "1.10.0", "1.11.0-beta.1", "2.0.0"))]);
        using var fetcher = Fetcher();

        var resolved = await fetcher.ResolveAsync("Contoso.Tool", "1.*", CancellationToken.None);

        Assert.Equal("1.10.0", resolved.Version);
    }

    [Fact]
    public async Task Star_picks_the_highest_stable_version_and_star_dash_star_allows_prereleases()
    {
        _config.Write([("local", FeedWith("a", "Contoso.Tool", "1.0.0", "2.0.0", "3.0.0-rc.1"))]);
        using var fetcher = Fetcher();

        Assert.Equal("2.0.0", (await fetcher.ResolveAsync("Contoso.Tool", "*", CancellationToken.None)).Version);
        Assert.Equal("3.0.0-rc.1", (await fetcher.ResolveAsync("Contoso.Tool", "*-*", CancellationToken.None)).Version);
    }

    [Fact]
    public async Task Range_picks_the_lowest_version_in_range_as_restore_does()
    {
        _config.Write([("local", FeedWith("a", "Contoso.Tool", "0.9.0", "1.1.0", "1.4.0", "2.0.0"))]);
        using var fetcher = Fetcher();

        var resolved = await fetcher.ResolveAsync("Contoso.Tool", "[1.0,2.0)", CancellationToken.None);

        Assert.Equal("1.1.0", resolved.Version);
    }

    [Fact]
    public async Task Floating_version_takes_the_highest_across_sources_and_names_the_source_that_has_it()
    {
        _config.Write([("first", FeedWith("a", "Contoso.Tool", "1.0.0", "1.1.0")), ("second", FeedWith("b", "Contoso.Tool", "1.1.0", "1.2.0"))]);
        using var fetcher = Fetcher();

        Assert.Equal(new PackageIdentityResolved("Contoso.Tool", "1.2.0", "second"), await fetcher.ResolveAsync("Contoso.Tool", "1.*", CancellationToken.None));
        Assert.Equal("first", (await fetcher.ResolveAsync("Contoso.Tool", "1.1.0", CancellationToken.None)).Source);
    }

    [Fact]
    public async Task Missing_package_fails_with_the_sources_asked()
    {
        _config.Write([("local", FeedWith("a", "Contoso.Tool", "1.0.0"))]);
        using var fetcher = Fetcher();

        var e = await Assert.ThrowsAsync<EnvException>(() => fetcher.ResolveAsync("Contoso.Missing", "1.0.0", CancellationToken.None));

        Assert.Equal(EnvCode.ENV0403, e.Code);
        Assert.Contains("Contoso.Missing", e.Message);
        Assert.Contains("'local'", e.Message);
    }

    [Fact]
    public async Task Missing_version_fails_listing_the_versions_that_exist()
    {
        _config.Write([("local", FeedWith("a", "Contoso.Tool", "1.0.0", "1.2.0"))]);
        using var fetcher = Fetcher();

        var e = await Assert.ThrowsAsync<EnvException>(() => fetcher.ResolveAsync("Contoso.Tool", "3.*", CancellationToken.None));

        Assert.Equal(EnvCode.ENV0404, e.Code);
        Assert.Contains("1.0.0, 1.2.0", e.Message);
        Assert.Contains("'local'", e.Message);
    }

    [Theory]
    [InlineData("Contoso.Tool", "not a version")]
    [InlineData("Contoso.Tool", "")]
    [InlineData("bad id!", "1.0.0")]
    public async Task Invalid_id_or_version_spec_fails_before_asking_any_source(string id, string spec)
    {
        _config.Write([("local", Path.Combine(_config.Temp("nowhere")))]);
        using var fetcher = Fetcher();

        var e = await Assert.ThrowsAsync<EnvException>(() => fetcher.ResolveAsync(id, spec, CancellationToken.None));

        Assert.Equal(EnvCode.ENV0405, e.Code);
    }

    [Fact]
    public async Task Download_writes_the_nupkg_and_returns_NuGets_content_hash_and_size()
    {
        var feed = FeedWith("a", "Contoso.Tool", "1.0.0", "1.3.0");
        _config.Write([("local", feed)]);
        using var fetcher = Fetcher();
        var resolved = await fetcher.ResolveAsync("Contoso.Tool", "1.3.0", CancellationToken.None);
        var destination = _config.Temp("store/dl/contoso.tool.1.3.0.nupkg");

        var (hash, size) = await fetcher.DownloadAsync(resolved, destination, CancellationToken.None);

        Assert.Equal(File.ReadAllBytes(Path.Combine(feed, "contoso.tool.1.3.0.nupkg")), File.ReadAllBytes(destination));
        using (var reader = new PackageArchiveReader(destination))
            Assert.Equal(reader.GetContentHash(CancellationToken.None), hash);
        Assert.Equal(Convert.ToBase64String(System.Security.Cryptography.SHA512.HashData(File.ReadAllBytes(destination))), hash);
        Assert.Equal(new FileInfo(destination).Length, size);
        Assert.Equal([destination], Directory.GetFiles(Path.GetDirectoryName(destination)!));
        Assert.False(Directory.Exists(_config.GlobalPackagesFolder), "the fetcher must not use the global packages folder");
    }

    [Fact]
    public async Task Download_larger_than_the_locks_size_or_EnvMaxDownloadSize_is_refused_and_leaves_no_file()
    {
        var feed = FeedWith("a", "Contoso.Tool", "1.0.0");
        _config.Write([("local", feed)]);
        var size = new FileInfo(Path.Combine(feed, "contoso.tool.1.0.0.nupkg")).Length;
        var destination = _config.Temp("dl/out.nupkg");

        using (var fetcher = Fetcher())
        {
            var resolved = await fetcher.ResolveAsync("Contoso.Tool", "1.0.0", CancellationToken.None);
            var ex = await Assert.ThrowsAsync<EnvException>(() => fetcher.DownloadAsync(resolved, destination, CancellationToken.None, expectedSize: size - 1));
            Assert.Equal(EnvCode.ENV0106, ex.Code);
            Assert.Contains("the lock records", ex.Message);
            Assert.False(File.Exists(destination));
            // Exactly the recorded size is fine.
            await fetcher.DownloadAsync(resolved, destination, CancellationToken.None, expectedSize: size);
            File.Delete(destination);
        }
        using (var capped = new NuGetPackageFetcher(_config.Root, _log, limits: new Env.Core.Fetching.DownloadLimits(size - 1, TimeSpan.FromMinutes(1))))
        {
            var resolved = await capped.ResolveAsync("Contoso.Tool", "1.0.0", CancellationToken.None);
            var ex = await Assert.ThrowsAsync<EnvException>(() => capped.DownloadAsync(resolved, destination, CancellationToken.None));
            Assert.Equal(EnvCode.ENV0106, ex.Code);
            Assert.Contains("EnvMaxDownloadSize", ex.Message);
        }
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(destination)!));
    }

    [Fact]
    public async Task Download_replaces_an_existing_destination_file()
    {
        _config.Write([("local", FeedWith("a", "Contoso.Tool", "1.0.0"))]);
        using var fetcher = Fetcher();
        var destination = _config.Temp("out.nupkg");
        File.WriteAllText(destination, "stale");

        var (_, size) = await fetcher.DownloadAsync(new PackageIdentityResolved("Contoso.Tool", "1.0.0", "local"), destination, CancellationToken.None);

        Assert.Equal(new FileInfo(destination).Length, size);
        Assert.NotEqual("stale", File.ReadAllText(destination)[..5]);
    }

    [Fact]
    public async Task Download_falls_back_to_other_sources_when_the_recorded_source_is_gone()
    {
        _config.Write([("renamed", FeedWith("a", "Contoso.Tool", "1.0.0"))]);
        using var fetcher = Fetcher();
        var destination = _config.Temp("out.nupkg");

        await fetcher.DownloadAsync(new PackageIdentityResolved("Contoso.Tool", "1.0.0", "old-name"), destination, CancellationToken.None);

        Assert.True(File.Exists(destination));
    }

    [Fact]
    public async Task Download_of_a_version_no_source_has_fails_and_leaves_no_file()
    {
        _config.Write([("local", FeedWith("a", "Contoso.Tool", "1.0.0"))]);
        using var fetcher = Fetcher();
        var destination = _config.Temp("dl/out.nupkg");

        var e = await Assert.ThrowsAsync<EnvException>(() => fetcher.DownloadAsync(new PackageIdentityResolved("Contoso.Tool", "9.9.9", "local"), destination, CancellationToken.None));

        Assert.Equal(EnvCode.ENV0407, e.Code);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(destination)!));
    }

    [Fact]
    public async Task Package_source_mapping_sends_the_id_only_to_its_mapped_source()
    {
        _config.Write(
            [("public", FeedWith("public", "Contoso.Tool", "1.0.0", "9.0.0")), ("internal", FeedWith("internal", "Contoso.Tool", "1.0.0", "2.0.0"))],
            [("public", ["*"]), ("internal", ["Contoso.*"])]);
        using var fetcher = Fetcher();

        var resolved = await fetcher.ResolveAsync("Contoso.Tool", "*", CancellationToken.None);

        Assert.Equal(new PackageIdentityResolved("Contoso.Tool", "2.0.0", "internal"), resolved);
        var e = await Assert.ThrowsAsync<EnvException>(() => fetcher.ResolveAsync("Contoso.Tool", "9.0.0", CancellationToken.None));
        Assert.Equal(EnvCode.ENV0404, e.Code);
        Assert.DoesNotContain("'public'", e.Message);
    }

    [Fact]
    public async Task Package_source_mapping_with_no_source_for_the_id_fails_naming_the_mapping()
    {
        _config.Write([("internal", FeedWith("internal", "Contoso.Tool", "1.0.0"))], [("internal", ["Contoso.*"])]);
        using var fetcher = Fetcher();

        var e = await Assert.ThrowsAsync<EnvException>(() => fetcher.ResolveAsync("Fabrikam.Tool", "1.0.0", CancellationToken.None));

        Assert.Equal(EnvCode.ENV0460, e.Code);
        Assert.Contains("packageSourceMapping", e.Message);
    }

    [Fact]
    public async Task No_enabled_source_fails_with_ENV0402()
    {
        _config.Write([]);
        using var fetcher = Fetcher();

        var e = await Assert.ThrowsAsync<EnvException>(() => fetcher.ResolveAsync("Contoso.Tool", "1.0.0", CancellationToken.None));

        Assert.Equal(EnvCode.ENV0402, e.Code);
    }

    [Fact]
    public async Task Unreachable_source_fails_naming_the_source_and_what_to_do()
    {
        _config.Write([("gone", _config.Temp("no-such-feed"))]);
        using var fetcher = Fetcher();

        var e = await Assert.ThrowsAsync<EnvException>(() => fetcher.ResolveAsync("Contoso.Tool", "1.0.0", CancellationToken.None));

        Assert.Equal(EnvCode.ENV0406, e.Code);
        Assert.Contains("'gone'", e.Message);
        Assert.Contains("disable", e.Message);
    }

    [Fact]
    public void Malformed_nuget_config_fails_naming_the_file()
    {
        File.WriteAllText(_config.ConfigFile, "<configuration><packageSources><add key=");

        var e = Assert.Throws<EnvException>(() => new NuGetPackageFetcher(_config.Root, _log));

        Assert.Equal(EnvCode.ENV0401, e.Code);
        Assert.Equal(_config.ConfigFile, e.File);
    }

    [Fact]
    public async Task Cancelled_resolve_throws_OperationCanceledException()
    {
        _config.Write([("local", FeedWith("a", "Contoso.Tool", "1.0.0"))]);
        using var fetcher = Fetcher();
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fetcher.ResolveAsync("Contoso.Tool", "1.0.0", cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fetcher.DownloadAsync(new PackageIdentityResolved("Contoso.Tool", "1.0.0", "local"), _config.Temp("x.nupkg"), cts.Token));
    }

    [Fact]
    public async Task Downloaded_tool_package_unpacks_to_a_readable_dotnet_tool()
    {
        var feed = _config.Feed("tools");
        TestNupkg.WriteDotnetTool(feed, "Contoso.Cli", "2.1.0", "contoso", "Contoso.Cli.dll");
        _config.Write([("tools", feed)]);
        using var fetcher = Fetcher();
        var nupkg = _config.Temp("contoso.cli.nupkg");
        await fetcher.DownloadAsync(await fetcher.ResolveAsync("Contoso.Cli", "2.*", CancellationToken.None), nupkg, CancellationToken.None);

        var unpacked = _config.Temp("unpacked");
        using (var zip = ZipFile.OpenRead(nupkg))
        {
            foreach (var entry in zip.Entries.Where(e => !NupkgLayout.IsPackagingMetadata(e.FullName)))
            {
                var target = Path.Combine(unpacked, entry.FullName);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                entry.ExtractToFile(target);
            }
        }

        Assert.False(File.Exists(Path.Combine(unpacked, "[Content_Types].xml")));
        Assert.False(Directory.Exists(Path.Combine(unpacked, "_rels")));
        Assert.False(Directory.Exists(Path.Combine(unpacked, "package")));
        var tool = DotnetToolManifest.TryRead(unpacked, "linux-x64");
        Assert.NotNull(tool);
        Assert.Equal([new DotnetToolCommand("contoso", "Contoso.Cli.dll", "dotnet", "tools/net8.0/any")], tool.Commands);
    }

    [Fact]
    public async Task Fetcher_lists_enabled_sources_in_configuration_order_and_logs_what_it_resolved()
    {
        _config.Write([("b-first", FeedWith("b", "Contoso.Tool", "1.0.0")), ("a-second", FeedWith("a", "Other", "1.0.0"))]);
        using var fetcher = Fetcher();

        await fetcher.ResolveAsync("Contoso.Tool", "1.*", CancellationToken.None);

        Assert.Equal(["b-first", "a-second"], fetcher.SourceNames);
        Assert.Contains(_log.Lines, l => l.StartsWith("detail: Resolved Contoso.Tool 1.* to 1.0.0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Package_ids_compare_case_insensitively_as_NuGet_does()
    {
        _config.Write([("local", FeedWith("a", "Contoso.Tool", "1.0.0"))]);
        using var fetcher = Fetcher();

        var resolved = await fetcher.ResolveAsync("contoso.TOOL", "1.0.0", CancellationToken.None);
        var (hash, _) = await fetcher.DownloadAsync(resolved, _config.Temp("x.nupkg"), CancellationToken.None);

        Assert.Equal("1.0.0", resolved.Version);
        Assert.NotEmpty(hash);
    }

    private sealed class RecordingLog : IEnvLog
    {
        public List<string> Lines { get; } = [];
        public void Info(string message) { lock (Lines) Lines.Add("info: " + message); }
        public void Detail(string message) { lock (Lines) Lines.Add("detail: " + message); }
        public void Warning(EnvCode code, string message, string? file = null) { lock (Lines) Lines.Add($"warning {code}: {message}"); }
    }

    [Fact]
    public async Task A_nupkg_whose_nuspec_is_larger_than_the_bound_is_refused_before_NuGet_reads_it()
    {
        var feed = _config.Feed("a");
        TestNupkg.Write(feed, "Contoso.Tool", "1.0.0", nuspecComment: new string('c', PackageXml.MaxBytes + 1));
        _config.Write([("local", feed)]);
        using var fetcher = Fetcher();
        var destination = _config.Temp("out.nupkg");

        var e = await Assert.ThrowsAsync<EnvException>(() => fetcher.DownloadAsync(new PackageIdentityResolved("Contoso.Tool", "1.0.0", "local"), destination, CancellationToken.None));

        Assert.Equal(EnvCode.ENV0412, e.Code);
        Assert.Contains("contoso.tool.nuspec", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(destination));
    }
}
