using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Env.Core.Locking;

namespace Env.Sdk.Tests;

/// <summary>
/// Hostile archives and servers through the real `dotnet build` (issue 5, items 3, 4, 5, 8 and 16): each ends in a
/// coded error that names env.proj, in bounded time, with nothing written and no secret printed.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class HostileSourceTests(SdkFixture fixture)
{
    [Fact]
    public void Links_naming_each_other_over_and_over_fail_fast_with_a_coded_error_naming_env_proj_and_the_url()
    {
        using var env = new TestEnv(fixture);
        var archive = Path.Combine(env.Root, "dl", "links-1.0.tar.gz");
        Directory.CreateDirectory(Path.GetDirectoryName(archive)!);
        using (var file = File.Create(archive))
        using (var gz = new GZipStream(file, CompressionLevel.Optimal))
        using (var tar = new TarWriter(gz, TarEntryFormat.Ustar))
        {
            // l30 -> ., l29 -> l30/l30/l30/l30, …: l0 is the root after 4^30 naive link follows.
            for (var i = 30; i >= 0; i--)
                tar.WriteEntry(new UstarTarEntry(TarEntryType.SymbolicLink, $"l{i}") { LinkName = i == 30 ? "." : string.Join('/', Enumerable.Repeat($"l{i + 1}", 4)) });
        }
        Assert.True(new FileInfo(archive).Length < 1024);
        var url = new Uri(archive).AbsoluteUri;
        env.WriteProject($"""<Tool Include="links" Version="1.0" Url="{url}" Hash="{TestArchives.Sri(archive)}" />""");

        var clock = Stopwatch.StartNew();
        var build = env.Build();
        Assert.NotEqual(0, build.ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"took {clock.Elapsed}");
        Assert.Contains("error ENV0210", build.Output);
        Assert.Contains($"{env.ProjectFile} : error ENV0210", build.Output);
        Assert.Contains($"Archive '{url}'", build.Output);
        Assert.DoesNotContain(Path.Combine(env.CacheDir, "downloads"), build.Output);
        Assert.False(File.Exists(env.LockFile));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(env.StoreDir, ".tmp")));
    }

    [Fact]
    public void A_server_streaming_zeros_is_cut_off_at_EnvMaxDownloadSize_leaving_nothing_in_the_cache()
    {
        using var env = new TestEnv(fixture);
        using var server = new LoopbackFileServer(env.Root) { EndlessZeros = true };
        env.WriteProject($"""<Tool Include="zeros" Version="1.0" Url="{server.Url("zeros-1.0.tar.gz")}" Hash="sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=" />""",
            properties: "<EnvMaxDownloadSize>4194304</EnvMaxDownloadSize>");

        var build = env.Build();
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains($"{env.ProjectFile} : error ENV0106", build.Output);
        Assert.Contains("sent more than 4194304 bytes", build.Output);
        Assert.False(File.Exists(env.LockFile));
        Assert.Empty(Directory.GetFiles(Path.Combine(env.CacheDir, "downloads")));
    }

    [Fact]
    public void A_server_trickling_a_byte_at_a_time_is_stopped_by_the_download_deadline()
    {
        using var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "www"), "drip-1.0.tar.gz", "drip", "x");
        // A byte every 200 ms never trips the 60 s stall timeout; before the deadline this took hours.
        using var server = new LoopbackFileServer(Path.Combine(env.Root, "www")) { Trickle = TimeSpan.FromMilliseconds(200) };
        env.WriteProject($"""<Tool Include="drip" Version="1.0" Url="{server.Url("drip-1.0.tar.gz")}" Hash="{TestArchives.Sri(archive)}" />""");

        var clock = Stopwatch.StartNew();
        var build = env.Build(new Dictionary<string, string?> { ["ENVSDK_DOWNLOAD_TIMEOUT"] = "5" });
        Assert.NotEqual(0, build.ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"took {clock.Elapsed}");
        Assert.Contains($"{env.ProjectFile} : error ENV0107", build.Output);
        Assert.Contains("did not finish within 5s", build.Output);
        Assert.False(File.Exists(env.LockFile));
        Assert.Empty(Directory.GetFiles(Path.Combine(env.CacheDir, "downloads")));
    }

    [Fact]
    public void A_download_larger_than_the_lock_records_is_refused_when_the_entry_is_rebuilt()
    {
        using var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "www"), "sized-1.0.tar.gz", "sized", "x", paddingBytes: 64 << 10);
        using var server = new LoopbackFileServer(Path.Combine(env.Root, "www"));
        env.WriteProject($"""<Tool Include="sized" Version="1.0" Url="{server.Url("sized-1.0.tar.gz")}" Hash="{TestArchives.Sri(archive)}" />""");
        var first = env.Build();
        Assert.True(first.ExitCode == 0, first.ToString());
        var size = new FileInfo(archive).Length;
        Assert.Equal(size, LockFile.Load(env.LockFile).Find("sized", "any")!.Size);

        // A lock that says the file is smaller (edited, or a server now serving something else): a fresh store and
        // cache must rebuild the entry, and may accept no more bytes than the lock records.
        File.WriteAllText(env.LockFile, File.ReadAllText(env.LockFile).Replace($"\"size\": {size}", "\"size\": 1000"));
        var fresh = new Dictionary<string, string?> { ["ENVSDK_STORE"] = Path.Combine(env.Root, "store2"), ["ENVSDK_CACHE"] = Path.Combine(env.Root, "cache2") };
        var rebuild = env.Build(fresh);
        Assert.NotEqual(0, rebuild.ExitCode);
        Assert.Contains("error ENV0106", rebuild.Output);
        Assert.Contains("env.lock.json records 1000 bytes", rebuild.Output);
        Assert.Empty(Directory.GetFiles(Path.Combine(env.Root, "cache2", "downloads")));
    }

    [Theory]
    [InlineData("file:///etc/passwd")]
    [InlineData("ftp://127.0.0.1/x.tar.gz")]
    public void A_redirect_to_a_non_http_url_is_a_coded_error_before_anything_is_written(string location)
    {
        using var env = new TestEnv(fixture);
        using var server = new LoopbackFileServer(env.Root);
        server.Redirects["moved-1.0.tar.gz"] = location;
        env.WriteProject($"""<Tool Include="moved" Version="1.0" Url="{server.Url("moved-1.0.tar.gz")}" Hash="sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=" />""");

        var build = env.Build();
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains($"{env.ProjectFile} : error ENV0108", build.Output);
        Assert.Contains(location, build.Output);
        Assert.DoesNotContain("MSB4018", build.Output);
        Assert.False(File.Exists(env.LockFile));
        Assert.False(File.Exists(Path.Combine(env.ShellDir, "activate")));
    }

    [Fact]
    public void A_password_in_the_url_is_refused_and_appears_in_no_output_and_no_file()
    {
        const string Password = "Hunter2Secret";
        using var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.Root, "www"), "auth-1.0.tar.gz", "auth", "x");
        using var server = new LoopbackFileServer(Path.Combine(env.Root, "www"));
        var url = server.Url("auth-1.0.tar.gz").Replace("http://", $"http://user:{Password}@");
        env.WriteProject($"""<Tool Include="auth" Version="1.0" Url="{url}" Hash="{TestArchives.Sri(archive)}" />""");

        var build = env.Build();
        Assert.NotEqual(0, build.ExitCode);
        // At the item's line and column (the tasks' one error policy), the URL shown without its user information.
        Assert.Matches(@$"{System.Text.RegularExpressions.Regex.Escape(env.ProjectFile)}\(\d+,\d+\): error ENV0030", build.Output);
        Assert.Contains("http://***@127.0.0.1", build.Output);
        Assert.DoesNotContain(Password, build.Output);
        Assert.Equal(0, server.Requests);
        AssertNoFileHolds(env, Password);
    }

    [Fact]
    public void A_token_in_the_query_string_is_masked_in_every_message()
    {
        const string Token = "QueryTokenSecret";
        using var env = new TestEnv(fixture);
        var www = Path.Combine(env.Root, "www");
        var archive = TestArchives.TarGzTool(www, "tok-1.0.tar.gz", "tok", "x");
        using var server = new LoopbackFileServer(www);
        var wrong = "sha256-" + Convert.ToBase64String(new byte[32]);
        env.WriteProject($"""<Tool Include="tok" Version="1.0" Url="{server.Url("tok-1.0.tar.gz")}?token={Token}" Hash="{wrong}" />""");

        var mismatch = env.Build("-v:n");
        Assert.Contains("error ENV0102", mismatch.Output);
        Assert.Contains("tok-1.0.tar.gz?token=***", mismatch.Output);
        Assert.DoesNotContain(Token, mismatch.Output);

        env.WriteProject($"""<Tool Include="tok" Version="1.0" Url="{server.Url("missing.tar.gz")}?X-Amz-Signature={Token}" Hash="{wrong}" />""");
        var missing = env.Build("-v:n");
        Assert.Contains("error ENV0105", missing.Output);
        Assert.DoesNotContain(Token, missing.Output);
        AssertNoFileHolds(env, Token);
    }

    [Fact]
    public void A_relative_url_names_an_archive_in_the_repository_and_the_lock_works_in_another_checkout()
    {
        using var env = new TestEnv(fixture);
        var archive = TestArchives.TarGzTool(Path.Combine(env.ProjectDir, "vendor"), "vendored-1.0.tar.gz", "vendored", "vendored tool");
        env.WriteProject($"""<Tool Include="vendored" Version="1.0" Url="vendor/vendored-1.0.tar.gz" Hash="{TestArchives.Sri(archive)}" />""");
        var build = env.Build();
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Equal("vendored tool a", env.InShell("sh", "vendored a").Output.Trim());
        Assert.Equal("vendor/vendored-1.0.tar.gz", LockFile.Load(env.LockFile).Find("vendored", "any")!.Url);

        // Another checkout elsewhere, with its own store: the committed lock still matches and is enough.
        using var clone = new TestEnv(fixture);
        Directory.CreateDirectory(Path.Combine(clone.ProjectDir, "vendor"));
        File.Copy(archive, Path.Combine(clone.ProjectDir, "vendor", "vendored-1.0.tar.gz"));
        File.Copy(env.ProjectFile, clone.ProjectFile);
        File.Copy(env.LockFile, clone.LockFile);
        var locked = clone.Build("-p:EnvLockedMode=true");
        Assert.True(locked.ExitCode == 0, locked.ToString());
        Assert.Equal("vendored tool b", clone.InShell("sh", "vendored b").Output.Trim());
        Assert.Equal(File.ReadAllText(env.LockFile), File.ReadAllText(clone.LockFile));
    }

    [Fact]
    public void Ctrl_c_stops_a_long_unpack_within_seconds_and_leaves_nothing_behind()
    {
        using var env = new TestEnv(fixture);
        // 500,000 tiny files: a few MB to download, most of a minute to unpack and hash (without cancellation, as before).
        var archive = Path.Combine(env.Root, "dl", "many-1.0.tar.gz");
        Directory.CreateDirectory(Path.GetDirectoryName(archive)!);
        using (var file = File.Create(archive))
        using (var gz = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gz, TarEntryFormat.Ustar))
        {
            for (var i = 0; i < 500_000; i++)
                tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, $"d{i % 500}/f{i}") { DataStream = new MemoryStream([(byte)'x']) });
        }
        env.WriteProject($"""<Tool Include="many" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" Bin="d0/f0" />""");
        var staging = Path.Combine(env.StoreDir, ".tmp");

        using var build = env.StartBuild(out var output);
        try
        {
            var wait = Stopwatch.StartNew();
            while (!(Directory.Exists(staging) && Directory.EnumerateFiles(staging, "f*", SearchOption.AllDirectories).Take(2000).Count() == 2000))
            {
                Assert.False(build.HasExited, "the build ended before unpacking was under way:\n" + output);
                Assert.True(wait.Elapsed < TimeSpan.FromMinutes(2), "unpacking never got under way:\n" + output);
                Thread.Sleep(50);
            }
            var clock = Stopwatch.StartNew();
            using (var interrupt = Process.Start("kill", ["-INT", build.Id.ToString()])) interrupt.WaitForExit();
            Assert.True(build.WaitForExit(TimeSpan.FromSeconds(60)), "the build did not stop after Ctrl+C");
            build.WaitForExit();
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(12), $"stopping took {clock.Elapsed}");
        }
        finally
        {
            if (!build.HasExited) build.Kill(entireProcessTree: true);
        }
        string text;
        lock (output) text = output.ToString();
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("ENV0900", text);
        Assert.False(File.Exists(env.LockFile));
        Assert.Empty(Directory.GetFileSystemEntries(staging));
        Assert.Empty(Directory.GetFiles(Path.Combine(env.CacheDir, "downloads"), ".tmp-*"));
    }

    /// <summary>No file the build could have written (lock, shell folder, store, cache, home) holds <paramref name="secret"/>; env.proj does, by construction.</summary>
    private static void AssertNoFileHolds(TestEnv env, string secret)
    {
        var needle = Encoding.UTF8.GetBytes(secret);
        foreach (var path in Directory.EnumerateFiles(env.Root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            if (path == env.ProjectFile || new FileInfo(path).LinkTarget is not null) continue;
            Assert.False(File.ReadAllBytes(path).AsSpan().IndexOf(needle) >= 0, $"{path} holds the secret");
        }
    }
}
