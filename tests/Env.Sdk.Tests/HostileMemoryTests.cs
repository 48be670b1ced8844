using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Env.Core.Tests.NuGet;
using Xunit.Abstractions;

namespace Env.Sdk.Tests;

/// <summary>
/// Issue 16, items 2, 8, 10 and 22: small hostile inputs that made `dotnet env run` and `dotnet build` hold gigabytes,
/// walk for ever or print megabytes. Each ends in a coded error; the peak resident memory of the real process is
/// measured with /usr/bin/time -v (ulimit -v does not suit .NET, which reserves address space up front) and must stay
/// under the bound docs/security.md states.
/// </summary>
[Collection(SdkCollection.Name)]
public sealed partial class HostileMemoryTests(SdkFixture fixture, ITestOutputHelper output)
{
    /// <summary>The bound security.md states for `dotnet env run` on any archive.</summary>
    private const long RunBoundBytes = 512L << 20;

    /// <summary>The bound for `dotnet build` (MSBuild and the SDK's own resolvers take most of it).</summary>
    private const long BuildBoundBytes = 1L << 30;

    private (SplitResult Result, long PeakBytes) Measured(TestEnv env, string program, IEnumerable<string> args, IDictionary<string, string?>? extraEnv = null)
    {
        var report = Path.Combine(env.Root, $"time-{Guid.NewGuid():N}.txt");
        var result = ProcessRunner.RunSplit("/usr/bin/time", ["-v", "-o", report, program, .. args], env.ProjectDir, env.Environment(extraEnv), timeout: TimeSpan.FromMinutes(4));
        var match = MaxRss().Match(File.ReadAllText(report));
        Assert.True(match.Success, File.ReadAllText(report));
        var peak = long.Parse(match.Groups[1].Value) * 1024;
        output.WriteLine($"peak RSS of {Path.GetFileName(program)} {string.Join(' ', args.Take(1))}: {peak >> 20} MiB");
        return (result, peak);
    }

    [GeneratedRegex(@"Maximum resident set size \(kbytes\): (\d+)")]
    private static partial Regex MaxRss();

    private static void Fill(Stream s, long bytes, byte value)
    {
        var chunk = new byte[1 << 20];
        Array.Fill(chunk, value);
        for (long left = bytes; left > 0; left -= chunk.Length) s.Write(chunk, 0, (int)Math.Min(left, chunk.Length));
    }

    /// <summary>A raw tar header block (TarWriter will not write a 1e9-byte long name), checksum included.</summary>
    private static byte[] Header(string name, char type, long size)
    {
        var block = new byte[512];
        Encoding.ASCII.GetBytes(name).CopyTo(block, 0);
        Encoding.ASCII.GetBytes("0000644\0").CopyTo(block, 100);
        Encoding.ASCII.GetBytes(Convert.ToString(size, 8).PadLeft(11, '0') + "\0").CopyTo(block, 124);
        Encoding.ASCII.GetBytes("00000000000\0").CopyTo(block, 136);
        block[156] = (byte)type;
        Encoding.ASCII.GetBytes("ustar  \0").CopyTo(block, 257);
        "        "u8.CopyTo(block.AsSpan(148));
        var sum = block.Sum(b => (int)b);
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(block, 148);
        return block;
    }

    [Theory]
    [InlineData('L')] // GNU long name
    [InlineData('x')] // pax extended header
    public void A_small_archive_with_a_gigabyte_metadata_header_is_refused_by_dotnet_env_run_within_the_memory_bound(char type)
    {
        using var env = new TestEnv(fixture);
        var www = Path.Combine(env.Root, "www");
        Directory.CreateDirectory(www);
        var archive = Path.Combine(www, "long-1.0.tar.gz");
        using (var file = File.Create(archive))
        using (var gz = new GZipStream(file, CompressionLevel.SmallestSize))
        {
            gz.Write(Header("././@LongLink", type, 1_000_000_000));
            Fill(gz, 1_000_000_000, (byte)'a');
            gz.Write(new byte[1024]);
        }
        Assert.True(new FileInfo(archive).Length < 8 << 20, "a few MB on the wire");
        using var server = new LoopbackFileServer(www);

        var (run, peak) = Measured(env, env.DotnetEnvPath, ["run", "--url", server.Url("long-1.0.tar.gz"), "--hash", TestArchives.Sri(archive)]);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("ENV0212", run.Stderr);
        Assert.Contains("1000000000 bytes", run.Stderr);
        Assert.DoesNotContain("OutOfMemory", run.Stderr);
        Assert.True(peak < RunBoundBytes, $"peak RSS {peak >> 20} MiB\n{run}");
    }

    [Fact]
    public void Many_entries_with_long_paths_are_refused_by_dotnet_env_run_within_the_memory_bound()
    {
        using var env = new TestEnv(fixture);
        var www = Path.Combine(env.Root, "www");
        Directory.CreateDirectory(www);
        var archive = Path.Combine(www, "paths-1.0.tar.gz");
        // 100,000 entries of 3.5 KB paths (13 shared folders of 250 characters, then the file): 2.2 GB before.
        var folder = string.Join('/', Enumerable.Range(0, 13).Select(i => new string((char)('a' + i), 250)));
        using (var file = File.Create(archive))
        using (var gz = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gz, TarEntryFormat.Pax))
        {
            for (var i = 0; i < 100_000; i++)
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"{folder}/{i:D6}{new string('f', 240)}"));
        }
        using var server = new LoopbackFileServer(www);

        var (run, peak) = Measured(env, env.DotnetEnvPath, ["run", "--url", server.Url("paths-1.0.tar.gz"), "--hash", TestArchives.Sri(archive)]);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("ENV0213", run.Stderr);
        Assert.True(peak < RunBoundBytes, $"peak RSS {peak >> 20} MiB\n{run}");
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(env.StoreDir, ".tmp")));
    }

    [Fact]
    public void Long_entry_names_are_refused_as_too_long_and_echoed_short()
    {
        using var env = new TestEnv(fixture);
        var www = Path.Combine(env.Root, "www");
        Directory.CreateDirectory(www);
        // A 50 MB pax path (about 50 KB compressed): echoed in full, it made 100 MB of output.
        var huge = Path.Combine(www, "huge-1.0.tar.gz");
        using (var file = File.Create(huge))
        using (var gz = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gz, TarEntryFormat.Pax))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, new string('n', 50_000_000)));
        }
        // A component of 300 bytes: was ENV0209, blaming the disk.
        var component = Path.Combine(www, "component-1.0.tar.gz");
        using (var file = File.Create(component))
        using (var gz = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gz, TarEntryFormat.Pax))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "bin/" + new string('c', 300)));
        }
        using var server = new LoopbackFileServer(www);

        var first = env.DotnetEnv(["run", "--url", server.Url("huge-1.0.tar.gz"), "--hash", TestArchives.Sri(huge)]);
        Assert.NotEqual(0, first.ExitCode);
        Assert.Contains("ENV0212", first.Stderr);
        Assert.True(first.Stdout.Length + first.Stderr.Length < 4096, $"{first.Stdout.Length + first.Stderr.Length} characters of output");

        var second = env.DotnetEnv(["run", "--url", server.Url("component-1.0.tar.gz"), "--hash", TestArchives.Sri(component)]);
        Assert.NotEqual(0, second.ExitCode);
        Assert.Contains("ENV0211", second.Stderr);
        Assert.DoesNotContain("ENV0209", second.Stderr);
        Assert.Contains("at most 255", second.Stderr);
        Assert.True(second.Stdout.Length + second.Stderr.Length < 4096, second.ToString());
    }

    [Fact]
    public void Tool_settings_with_a_huge_comment_are_refused_by_dotnet_build_within_the_memory_bound()
    {
        using var env = new TestEnv(fixture);
        Directory.CreateDirectory(env.ExtraFeed);
        // 400 million characters of comment: about 400 KB in the .nupkg; the build held 4 bytes a character.
        using (var zip = ZipFile.Open(Path.Combine(env.ExtraFeed, "comment.tool.1.0.0.nupkg"), ZipArchiveMode.Create))
        {
            void Add(string name, string text)
            {
                using var w = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
                w.Write(text);
            }
            Add("Comment.Tool.nuspec", """
                <?xml version="1.0" encoding="utf-8"?>
                <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
                  <metadata><id>Comment.Tool</id><version>1.0.0</version><authors>t</authors><description>d</description>
                  <packageTypes><packageType name="DotnetTool" /></packageTypes></metadata>
                </package>
                """);
            using (var settings = zip.CreateEntry("tools/net8.0/any/DotnetToolSettings.xml", CompressionLevel.Fastest).Open())
            {
                settings.Write("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!--"u8);
                Fill(settings, 400_000_000, (byte)'c');
                settings.Write("-->\n<DotNetCliTool Version=\"1\"><Commands><Command Name=\"c\" EntryPoint=\"c.dll\" Runner=\"dotnet\" /></Commands></DotNetCliTool>\n"u8);
            }
            Add("tools/net8.0/any/c.dll", "not really a dll");
            Add("[Content_Types].xml", "<Types/>");
        }
        env.WriteProject("""<Tool Include="comment" Package="Comment.Tool" Version="1.0.0" />""");

        var (build, peak) = Measured(env, "dotnet", ["build", env.ProjectFile, "-nr:false", "-tl:off", "-clp:NoSummary"]);

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error ENV0412", build.Stdout);
        Assert.DoesNotContain("MSB4018", build.Stdout);
        Assert.False(File.Exists(env.LockFile));
        Assert.True(peak < BuildBoundBytes, $"peak RSS {peak >> 20} MiB\n{build}");
    }

    [Fact]
    public void A_mistyped_Bin_in_an_archive_with_a_link_loop_gets_its_suggestion_fast()
    {
        using var env = new TestEnv(fixture);
        var archive = Path.Combine(env.Root, "dl", "loop-1.0.tar.gz");
        Directory.CreateDirectory(Path.GetDirectoryName(archive)!);
        using (var file = File.Create(archive))
        using (var gz = new GZipStream(file, CompressionLevel.Fastest))
        using (var tar = new TarWriter(gz, TarEntryFormat.Pax))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "loop/bin/tool")
            {
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes("#!/bin/sh\necho tool\n")),
                Mode = (UnixFileMode)0b111_101_101,
            });
            // Legal: stays inside the root. Followed by a walk, it is a tree of infinite depth.
            tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "loop/bin/loop") { LinkName = "." });
            tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "loop/up") { LinkName = "." });
        }
        env.WriteProject($"""<Tool Include="loop" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" Bin="bin/toool" />""");

        var clock = Stopwatch.StartNew();
        var (build, peak) = Measured(env, "dotnet", ["build", env.ProjectFile, "-nr:false", "-tl:off", "-clp:NoSummary"]);

        Assert.NotEqual(0, build.ExitCode);
        Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"took {clock.Elapsed}");
        Assert.Contains("error ENV0006", build.Stdout);
        Assert.Contains("Did you mean bin/tool?", build.Stdout);
        Assert.True(peak < BuildBoundBytes, $"peak RSS {peak >> 20} MiB\n{build}");
    }

    [Theory]
    [InlineData("0.1")]
    [InlineData("1.0")]
    public void A_pax_sparse_file_is_refused_by_the_build_with_ENV0203(string version)
    {
        using var env = new TestEnv(fixture);
        var source = Path.Combine(env.Root, "src");
        Directory.CreateDirectory(source);
        using (var f = File.Create(Path.Combine(source, "huge.bin")))
        {
            f.SetLength(8 << 20);
            f.Position = 4 << 20;
            f.Write("data"u8);
        }
        var archive = Path.Combine(env.Root, "dl", "sparse-1.0.tar");
        Directory.CreateDirectory(Path.GetDirectoryName(archive)!);
        var tar = ProcessRunner.Run("tar", ["--sparse", "--format=posix", $"--sparse-version={version}", "-cf", archive, "-C", source, "huge.bin"], env.Root, env.Environment());
        Assert.True(tar.ExitCode == 0, tar.ToString());
        env.WriteProject($"""<Tool Include="sparse" Version="1.0" Url="{new Uri(archive).AbsoluteUri}" Hash="{TestArchives.Sri(archive)}" Bin="huge.bin" />""");

        var build = env.Build();

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains($"{env.ProjectFile} : error ENV0203", build.Output);
        Assert.Contains("GNU sparse file", build.Output);
        Assert.False(File.Exists(env.LockFile));
    }
}
