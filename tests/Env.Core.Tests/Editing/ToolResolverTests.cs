using System.Security.Cryptography;
using Env.Core.Archives;
using Env.Core.Diagnostics;
using Env.Core.Editing;
using Env.Core.Model;
using Env.Core.Tests.Archives;
using Env.Core.Tests.Fetching;
using Env.Core.Tests.NuGet;

namespace Env.Core.Tests.Editing;

/// <summary><c>dotnet env add</c>'s resolution against real local folder feeds, file URLs and a loopback HTTP server.</summary>
public sealed class ToolResolverTests : IDisposable
{
    private readonly TestNuGetConfig _config = new();
    private readonly TempDir _temp = new("envsdk-add-test-");

    public void Dispose()
    {
        _config.Dispose();
        _temp.Dispose();
    }

    private string ProjectFile => Path.Combine(_config.Root, "env.proj");

    private AddOptions Options => new()
    {
        Install = new Env.Core.Tools.InstallSettings { StoreDir = _temp.Combine("store"), CacheDir = _temp.Combine("cache"), NuGetSettingsRoot = _config.Root, Rid = "linux-x64" },
    };

    private string Feed(params (string Id, string Version, bool Tool)[] packages)
    {
        var feed = _config.Feed("local");
        foreach (var (id, version, tool) in packages)
        {
            if (tool) TestNupkg.WriteDotnetTool(feed, id, version, id.ToLowerInvariant(), "tool.dll");
            else TestNupkg.Write(feed, id, version, new Dictionary<string, string>
            {
                ["tools/linux_x64/protoc"] = "ELF",
                ["tools/windows_x64/protoc.exe"] = "MZ",
                ["tools/readme.txt"] = "text",
            });
        }
        _config.Write([("local", feed)]);
        return feed;
    }

    [Fact]
    public async Task No_version_takes_the_newest_stable_one_and_writes_it_exactly()
    {
        Feed(("Contoso.Tool", "1.0.0", true), ("Contoso.Tool", "2.0.0", true), ("Contoso.Tool", "3.0.0-rc.1", true));

        var resolved = await PackageToolResolver.ResolveAsync(ProjectFile, "contoso.tool", null, null, [], null, Options, CancellationToken.None);

        Assert.Equal(new ToolItem { Name = "Contoso.Tool", Version = "2.0.0" }, resolved.Item);
        Assert.Equal(["contoso.tool"], resolved.Commands);
    }

    [Fact]
    public async Task A_floating_version_is_written_as_given_and_its_resolution_reported()
    {
        Feed(("Contoso.Tool", "1.0.0", true), ("Contoso.Tool", "1.4.0", true), ("Contoso.Tool", "2.0.0", true));

        var resolved = await PackageToolResolver.ResolveAsync(ProjectFile, "Contoso.Tool", "1.*", "contoso", [], null, Options, CancellationToken.None);

        Assert.Equal(new ToolItem { Name = "contoso", Version = "1.*", Package = "Contoso.Tool" }, resolved.Item);
        Assert.Equal("1.4.0", resolved.ResolvedVersion);
    }

    [Fact]
    public async Task A_package_that_is_no_tool_needs_bin_and_the_refusal_lists_its_programs()
    {
        Feed(("Google.Protobuf.Tools", "3.36.1", false));

        var e = await Assert.ThrowsAsync<EnvException>(() => PackageToolResolver.ResolveAsync(ProjectFile, "Google.Protobuf.Tools", null, "protoc", [], null, Options, CancellationToken.None));
        Assert.Equal(EnvCode.ENV0725, e.Code);
        Assert.Contains("tools/linux_x64/protoc, tools/windows_x64/protoc.exe", e.Message);
        Assert.DoesNotContain("readme", e.Message);

        var resolved = await PackageToolResolver.ResolveAsync(ProjectFile, "Google.Protobuf.Tools", null, "protoc", ["tools/linux_x64/protoc"], "linux-x64", Options, CancellationToken.None);
        Assert.Equal(new ToolItem { Name = "protoc", Version = "3.36.1", Package = "Google.Protobuf.Tools", Rid = "linux-x64", Bin = "tools/linux_x64/protoc" }, resolved.Item);

        var missing = await Assert.ThrowsAsync<EnvException>(() => PackageToolResolver.ResolveAsync(ProjectFile, "Google.Protobuf.Tools", null, "protoc", ["bin/protoc"], null, Options, CancellationToken.None));
        Assert.Equal(EnvCode.ENV0726, missing.Code);
    }

    [Fact]
    public async Task A_package_missing_from_the_feeds_is_the_feeds_error()
    {
        Feed(("Contoso.Tool", "1.0.0", true));
        var e = await Assert.ThrowsAsync<EnvException>(() => PackageToolResolver.ResolveAsync(ProjectFile, "Nope", null, null, [], null, Options, CancellationToken.None));
        Assert.Equal(EnvCode.ENV0403, e.Code);
    }

    private string Archive(TarBuilder tar, string fileName) => tar.Save(_temp, ArchiveFormat.TarGzip, fileName);

    private static string Sri(string file) => "sha256-" + Convert.ToBase64String(SHA256.HashData(File.ReadAllBytes(file)));

    [Fact]
    public async Task A_url_is_downloaded_hashed_and_named_from_its_file_name_and_the_file_stays_in_the_cache()
    {
        var file = Archive(new TarBuilder().Dir("rg-14.1.1/").File("rg-14.1.1/rg", "ELF", TarBuilder.Mode755).File("rg-14.1.1/README.md"), "ripgrep-14.1.1-x86_64-unknown-linux-musl.tar.gz");

        var resolved = await ArchiveToolResolver.ResolveAsync(ProjectFile, new Uri(file).AbsoluteUri, null, null, [], null, Options, CancellationToken.None);

        Assert.Equal(new ToolItem { Name = "ripgrep", Version = "14.1.1", Url = new Uri(file).AbsoluteUri, Hash = Sri(file), Rid = "linux-x64" }, resolved.Item);
        Assert.Equal(["rg"], resolved.Commands);
        Assert.Equal("name and version read from the URL", resolved.Inferred);
        Assert.Single(Directory.GetFiles(_temp.Combine("cache", "downloads")));
    }

    [Fact]
    public async Task Each_platform_is_downloaded_for_its_own_hash_and_commands_with_the_first_urls_name_and_version()
    {
        var linux = Archive(new TarBuilder().Dir("tool/").File("tool/tool", "ELF", TarBuilder.Mode755).File("tool/README.md"), "tool-3.1.0-linux-x64.tar.gz");
        var win = new ZipBuilder().File("tool.exe", "MZ").File("LICENSE.txt").Save(_temp, "tool-3.1.0-win-x64.zip");
        var template = new Uri(_temp.Path).AbsoluteUri + "/tool-3.1.0-{rid}.{ext}";
        var downloads = PlatformDownload.Plan([template], ["linux-x64", "win-x64"], () => throw new InvalidOperationException("not asked"), null, [],
            PlatformNames.Parse([], [], [], ProjectFile), "linux-x64", ProjectFile);

        var resolved = await ArchiveToolResolver.ResolveAllAsync(ProjectFile, downloads, null, null, Options, CancellationToken.None);

        Assert.Equal(
            [
                new ToolItem { Name = "tool", Version = "3.1.0", Url = new Uri(linux).AbsoluteUri, Hash = Sri(linux), Rid = "linux-x64" },
                new ToolItem { Name = "tool", Version = "3.1.0", Url = new Uri(win).AbsoluteUri, Hash = Sri(win), Rid = "win-x64" },
            ], resolved.Select(r => r.Item));
        Assert.Equal(["tool"], resolved[0].Commands);
        Assert.Equal(["tool.exe"], resolved[1].Commands);
        Assert.All(resolved, r => Assert.Equal("name and version read from the first URL", r.Inferred));
    }

    [Fact]
    public async Task A_second_platforms_bad_bin_is_refused_before_the_first_is_downloaded()
    {
        var downloads = new[] { new PlatformDownload("linux-x64", "https://127.0.0.1:9/t-1.0.tar.gz", ["t"]), new PlatformDownload("win-x64", "https://127.0.0.1:9/t-1.0.zip", ["../t.exe"]) };
        var e = await Assert.ThrowsAsync<EnvException>(() => ArchiveToolResolver.ResolveAllAsync(ProjectFile, downloads, null, null, Options, CancellationToken.None));
        Assert.Equal(EnvCode.ENV0012, e.Code);
        Assert.False(Directory.Exists(_temp.Combine("cache", "downloads")) && Directory.EnumerateFiles(_temp.Combine("cache", "downloads")).Any());
    }

    [Fact]
    public async Task A_path_relative_to_the_project_is_written_as_given_so_the_lock_is_the_same_in_every_checkout()
    {
        var vendor = Path.Combine(_config.Root, "vendor");
        Directory.CreateDirectory(vendor);
        var file = Path.Combine(vendor, "kept-0.9.tar.gz");
        File.Move(Archive(new TarBuilder().File("bin/kept", "x", TarBuilder.Mode755).File("NOTICE"), "kept-0.9.tar.gz"), file);

        var resolved = await ArchiveToolResolver.ResolveAsync(ProjectFile, "vendor/kept-0.9.tar.gz", null, null, [], "any", Options, CancellationToken.None);

        Assert.Equal(new ToolItem { Name = "kept", Version = "0.9", Url = "vendor/kept-0.9.tar.gz", Hash = Sri(file) }, resolved.Item);
    }

    [Fact]
    public async Task Over_http_the_download_is_the_same_and_rid_any_writes_no_rid()
    {
        var file = Archive(new TarBuilder().File("bin/a", "x", TarBuilder.Mode755).File("bin/b", "x", TarBuilder.Mode755).File("LICENSE"), "t.tar.gz");
        var body = File.ReadAllBytes(file);
        using var server = new RawHttpServer(async (_, s, ct) =>
        {
            await RawHttpServer.WriteHeadAsync(s, "200 OK", ct, $"Content-Length: {body.Length}");
            await s.WriteAsync(body, ct);
        });

        var resolved = await ArchiveToolResolver.ResolveAsync(ProjectFile, server.Url("dl/tools.tar.gz"), "tools", "2.0", [], "any", Options, CancellationToken.None);

        Assert.Equal(Sri(file), resolved.Item.Hash);
        Assert.Null(resolved.Item.Rid);
        Assert.Null(resolved.Item.Bin);
        Assert.Equal(["a", "b"], resolved.Commands);
        Assert.Null(resolved.Inferred);
    }

    [Fact]
    public async Task The_one_program_deep_in_an_archive_becomes_bin_and_several_at_the_root_are_the_users_choice()
    {
        var deep = Archive(new TarBuilder().File("linux/x64/tool", "x", TarBuilder.Mode755).File("doc.txt"), "tool-1.0.tar.gz");
        var one = await ArchiveToolResolver.ResolveAsync(ProjectFile, new Uri(deep).AbsoluteUri, null, null, [], null, Options, CancellationToken.None);
        Assert.Equal("linux/x64/tool", one.Item.Bin);

        var several = Archive(new TarBuilder().File("a", "x", TarBuilder.Mode755).File("b", "x", TarBuilder.Mode755), "multi-2.0.tar.gz");
        var e = await Assert.ThrowsAsync<EnvException>(() => ArchiveToolResolver.ResolveAsync(ProjectFile, new Uri(several).AbsoluteUri, null, null, [], null, Options, CancellationToken.None));
        Assert.Equal(EnvCode.ENV0726, e.Code);
        Assert.Contains("Programs in it: a, b", e.Message);

        var chosen = await ArchiveToolResolver.ResolveAsync(ProjectFile, new Uri(several).AbsoluteUri, null, null, ["b"], null, Options, CancellationToken.None);
        Assert.Equal("b", chosen.Item.Bin);
    }

    [Fact]
    public async Task A_bare_program_is_added_as_executable_and_a_page_that_is_neither_is_refused()
    {
        var dir = Path.Combine(_temp.Path, "download", "jq-1.7.1");
        Directory.CreateDirectory(dir);
        var program = Path.Combine(dir, "jq-linux-amd64");
        File.WriteAllBytes(program, [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1]);

        var resolved = await ArchiveToolResolver.ResolveAsync(ProjectFile, new Uri(program).AbsoluteUri, null, null, [], null, Options, CancellationToken.None);
        Assert.Equal(("jq", "1.7.1", true), (resolved.Item.Name, resolved.Item.Version, resolved.Item.Executable));

        var page = Path.Combine(dir, "release");
        File.WriteAllText(page, "<html>not found</html>");
        var e = await Assert.ThrowsAsync<EnvException>(() => ArchiveToolResolver.ResolveAsync(ProjectFile, new Uri(page).AbsoluteUri, "x", "1.0", [], null, Options, CancellationToken.None));
        Assert.Equal(EnvCode.ENV0729, e.Code);
    }

    [Fact]
    public async Task A_url_that_names_no_version_asks_for_one_before_downloading()
    {
        var e = await Assert.ThrowsAsync<EnvException>(() => ArchiveToolResolver.ResolveAsync(ProjectFile, "https://127.0.0.1:1/tool.tar.gz", null, null, [], null, Options, CancellationToken.None));
        Assert.Equal(EnvCode.ENV0727, e.Code);
        Assert.Contains("dotnet env add tool@VERSION --url", e.Message);
    }

    [Fact]
    public async Task A_url_with_credentials_is_refused_as_the_build_refuses_it()
    {
        var e = await Assert.ThrowsAsync<EnvException>(() => ArchiveToolResolver.ResolveAsync(ProjectFile, "https://user:secret@127.0.0.1:1/t-1.0.tar.gz", null, null, [], null, Options, CancellationToken.None));
        Assert.Equal(EnvCode.ENV0030, e.Code);
        Assert.DoesNotContain("secret", e.Message);
    }

    [Fact]
    public async Task Bin_paths_that_leave_the_tool_are_refused_before_any_feed_or_server_is_asked()
    {
        _config.Write([]); // no source at all: asking one would fail with ENV0402
        var e = await Assert.ThrowsAsync<EnvException>(() => PackageToolResolver.ResolveAsync(ProjectFile, "Contoso.Tool", null, null, ["../../etc/passwd"], null, Options, CancellationToken.None));
        Assert.Equal(EnvCode.ENV0012, e.Code);

        using var server = new RawHttpServer((_, _, _) => Task.CompletedTask);
        var url = await Assert.ThrowsAsync<EnvException>(() => ArchiveToolResolver.ResolveAsync(ProjectFile, server.Url("t-1.0.tar.gz"), null, null, ["/bin/sh"], null, Options, CancellationToken.None));
        Assert.Equal(EnvCode.ENV0012, url.Code);
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public async Task A_program_whose_name_would_be_an_option_is_refused_as_the_build_refuses_it()
    {
        var file = Archive(new TarBuilder().File("-rf", "x", TarBuilder.Mode755).File("README"), "evil-1.0.tar.gz");
        var e = await Assert.ThrowsAsync<EnvException>(() => ArchiveToolResolver.ResolveAsync(ProjectFile, new Uri(file).AbsoluteUri, null, null, [], null, Options, CancellationToken.None));
        Assert.Equal(EnvCode.ENV0017, e.Code);
    }

    [Theory]
    [InlineData("https://h/releases/download/14.1.1/ripgrep-14.1.1-x86_64-unknown-linux-musl.tar.gz", "ripgrep", "14.1.1")]
    [InlineData("https://h/go1.22.0.linux-amd64.tar.gz", "go", "1.22.0")]
    [InlineData("https://h/dist/v22.1.0/node-v22.1.0-linux-x64.tar.xz", "node", "22.1.0")]
    [InlineData("https://h/jqlang/jq/releases/download/jq-1.7.1/jq-linux-amd64", "jq", "1.7.1")]
    [InlineData("https://h/protoc-25.1-linux-x86_64.zip", "protoc", "25.1")]
    [InlineData("https://h/tool.tar.gz", "tool", null)]
    [InlineData("https://h/download/v2.0.0-rc.1/x_tool-linux.tar.gz", "x_tool", "2.0.0-rc.1")]
    public void Names_and_versions_are_read_from_release_urls(string url, string? name, string? version) =>
        Assert.Equal((name, version), UrlToolName.Infer(new Uri(url)));
}
