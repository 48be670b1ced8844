using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Env.Sdk.Tests;

/// <summary>
/// Issue 16, item 21: a full disk, made real with a small tmpfs mounted for the test (the suite runs as root; a mount
/// that fails fails the test). A full download cache or store is a coded error naming the disk, in the build, in
/// `dotnet env run` and for a NuGet package (not the feed's fault), with nothing partial left.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed class DiskFullTests(SdkFixture fixture)
{
    /// <summary>A 1 MiB tmpfs at <paramref name="dir"/>, unmounted when disposed.</summary>
    private sealed class SmallDisk : IDisposable
    {
        public SmallDisk(string dir)
        {
            Dir = dir;
            Directory.CreateDirectory(dir);
            Run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", dir);
        }

        public string Dir { get; }

        public void Dispose() => Run("umount", Dir);

        private static void Run(string program, params string[] args)
        {
            using var p = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true })!;
            var error = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, $"{program} {string.Join(' ', args)}: {error}");
        }
    }

    private static Dictionary<string, string?> Cache(string dir) => new() { ["ENVSDK_CACHE"] = dir };

    /// <summary>A .tar.gz of <paramref name="size"/> random (incompressible) bytes beside bin/big.</summary>
    private static string BigArchive(string dir, string name, int size, bool random)
    {
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name);
        using (var file = File.Create(path))
        using (var gz = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gz, TarEntryFormat.Pax))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "t/") { Mode = (UnixFileMode)0b111_101_101 });
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "t/data") { DataStream = new MemoryStream(random ? RandomNumberGenerator.GetBytes(size) : new byte[size]) });
        }
        return path;
    }

    [Fact]
    public void A_full_download_cache_is_a_coded_error_naming_it_in_the_build_and_in_run()
    {
        using var env = new TestEnv(fixture);
        var www = Path.Combine(env.Root, "www");
        var archive = BigArchive(www, "big-1.0.tar.gz", 3 << 20, random: true);
        using var server = new LoopbackFileServer(www);
        using var disk = new SmallDisk(Path.Combine(env.Root, "small-cache"));
        env.WriteProject($"""<Tool Include="big" Version="1.0" Url="{server.Url("big-1.0.tar.gz")}" Hash="{TestArchives.Sri(archive)}" Bin="t/data" />""");

        var build = env.Build(Cache(disk.Dir));
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("ENV0112", build.Output);
        Assert.Contains($"No space left on the disk of {Path.Combine(disk.Dir, "downloads")}", build.Output);
        Assert.DoesNotContain("MSB4018", build.Output);
        Assert.Empty(Directory.GetFiles(Path.Combine(disk.Dir, "downloads")));

        var run = env.DotnetEnv(["run", "--url", server.Url("big-1.0.tar.gz"), "--hash", TestArchives.Sri(archive)], extraEnv: Cache(disk.Dir));
        Assert.Equal(1, run.ExitCode);
        Assert.Matches("(?m)^ENV0112: No space left on the disk of ", run.Stderr);
        Assert.DoesNotContain("Unhandled", run.Stderr);
    }

    [Fact]
    public void A_full_download_cache_for_a_nuget_package_blames_the_disk_not_the_feed()
    {
        using var env = new TestEnv(fixture);
        var noise = Convert.ToBase64String(RandomNumberGenerator.GetBytes(3 << 20));
        TestPackages.Write(env.ExtraFeed, "Big.Package", "1.0.0", "big", null, new Dictionary<string, string> { ["tools/big.txt"] = noise });
        using var disk = new SmallDisk(Path.Combine(env.Root, "small-cache"));
        env.WriteProject("""<Tool Include="Big.Package" Version="1.0.0" />""");

        var build = env.Build(Cache(disk.Dir));
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("ENV0112", build.Output);
        Assert.Contains("No space left on the disk of", build.Output);
        Assert.DoesNotContain("ENV0406", build.Output);
        Assert.DoesNotContain("MSB4018", build.Output);
    }

    [Fact]
    public void A_full_store_is_a_coded_error_naming_it()
    {
        var storeDisk = Directory.CreateTempSubdirectory("envsdk-small-store-").FullName;
        try
        {
            using var disk = new SmallDisk(storeDisk);
            using var env = new TestEnv(fixture, storeDir: Path.Combine(storeDisk, "store"));
            var archive = BigArchive(Path.Combine(env.Root, "dl"), "zeros-1.0.tar.gz", 3 << 20, random: false); // small packed, big unpacked
            env.WriteProject($"""<Tool Include="zeros" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" Bin="t/data" />""");

            var build = env.Build();
            Assert.NotEqual(0, build.ExitCode);
            Assert.Contains("ENV0321", build.Output);
            Assert.Contains($"No space left on the disk of {Path.Combine(storeDisk, "store")}", build.Output);
            Assert.DoesNotContain("MSB4018", build.Output);
            Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(storeDisk, "store", ".tmp")));
        }
        finally
        {
            Directory.Delete(storeDisk, recursive: true);
        }
    }
}
