using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Env.Core.Archives;
using Env.Core.Diagnostics;
using static Env.Core.Tests.Archives.ArchiveFiles;

namespace Env.Core.Tests.Archives;

/// <summary>
/// Issue 16, items 2, 10 and 22: what an archive can make us hold in memory is bounded (tar metadata headers, entry
/// names, the per-entry record, the zip central directory), pax sparse files are refused, and names are echoed short.
/// </summary>
public class MemoryBoundTests
{
    /// <summary>A raw ustar-style header block (what TarWriter refuses to write), checksum included.</summary>
    internal static byte[] Header(string name, char type, long size)
    {
        var block = new byte[512];
        Encoding.ASCII.GetBytes(name).CopyTo(block, 0);
        Encoding.ASCII.GetBytes("0000644\0").CopyTo(block, 100);
        Encoding.ASCII.GetBytes(Convert.ToString(size, 8).PadLeft(11, '0') + "\0").CopyTo(block, 124);
        Encoding.ASCII.GetBytes("00000000000\0").CopyTo(block, 136);
        block[156] = (byte)type;
        Encoding.ASCII.GetBytes("ustar  \0").CopyTo(block, 257);
        TarBuilder.Patch(block, 0, 148, [], 8);
        return block;
    }

    [Theory]
    [InlineData('L', "GNU long-name header")]
    [InlineData('K', "GNU long-link header")]
    [InlineData('x', "pax extended header")]
    [InlineData('g', "pax global header")]
    public void A_metadata_header_claiming_a_gigabyte_is_refused_before_it_is_read(char type, string what)
    {
        using var dir = new TempDir();
        // The header alone: today TarReader rents a 1 GB buffer for it before finding the data missing.
        var tar = Header("././@LongLink", type, 1_000_000_000).Concat(new byte[4096]).ToArray();
        var archive = Save(dir, tar, "long.tar");
        var ex = AssertRefused(EnvCode.ENV0212, archive, ArchiveFormat.Tar, dir);
        Assert.Contains(what, ex.Message);
        Assert.Contains("1000000000 bytes", ex.Message);
    }

    [Fact]
    public void A_pax_size_record_cannot_hide_a_huge_header_from_the_guard()
    {
        using var dir = new TempDir();
        // The pax record says the next entry has no data, its ustar header says 1024 bytes. TarReader believes the pax
        // record, so the long-name header right after is a header to it; a guard that believed the ustar size would
        // take it for data and let TarReader read a 1e9-byte name.
        var pax = "10 size=0\n"u8.ToArray();
        var tar = Header("PaxHeaders/f", 'x', pax.Length).Concat(pax).Concat(new byte[512 - pax.Length])
            .Concat(Header("f", '0', 1024))
            .Concat(Header("././@LongLink", 'L', 1_000_000_000))
            .Concat(new byte[4096]).ToArray();
        var archive = Save(dir, tar, "hidden.tar");
        AssertRefused(EnvCode.ENV0212, archive, ArchiveFormat.Tar, dir);
    }

    [Fact]
    public void TarReader_takes_the_size_from_the_pax_record_as_the_guard_assumes()
    {
        using var dir = new TempDir();
        // The guard follows the stream as TarReader does; if TarReader ever took the ustar size over the pax record,
        // this file would come out empty and the guard's idea of where headers are would be wrong.
        var pax = "10 size=5\n"u8.ToArray();
        var tar = Header("PaxHeaders/f", 'x', pax.Length).Concat(pax).Concat(new byte[512 - pax.Length])
            .Concat(Header("f", '0', 0)).Concat("hello"u8.ToArray()).Concat(new byte[507 + 1024]).ToArray();
        var archive = Save(dir, tar, "paxsize.tar");
        var destination = dir.Combine("out");
        Extract(archive, ArchiveFormat.Tar, destination);
        Assert.Equal("hello", System.IO.File.ReadAllText(Path.Combine(destination, "f")));
    }

    [Fact]
    public void Two_different_pax_size_records_are_refused_as_corrupt()
    {
        using var dir = new TempDir();
        var pax = "10 size=0\n10 size=1\n"u8.ToArray();
        var tar = Header("PaxHeaders/f", 'x', pax.Length).Concat(pax).Concat(new byte[512 - pax.Length])
            .Concat(Header("f", '0', 0)).Concat(new byte[1024]).ToArray();
        var archive = Save(dir, tar, "twice.tar");
        AssertRefused(EnvCode.ENV0206, archive, ArchiveFormat.Tar, dir);
    }

    [Fact]
    public void A_gnu_long_name_longer_than_path_max_is_refused_as_a_header_too_large()
    {
        using var dir = new TempDir();
        var name = string.Join('/', Enumerable.Repeat(new string('n', 200), 30)); // 6,029 bytes
        var archive = new TarBuilder(TarEntryFormat.Gnu).File(name).Save(dir, ArchiveFormat.TarGzip, "long.tar.gz");
        AssertRefused(EnvCode.ENV0212, archive, ArchiveFormat.TarGzip, dir);
    }

    [Fact]
    public void A_pax_path_longer_than_the_pax_bound_is_refused()
    {
        using var dir = new TempDir();
        var name = string.Join('/', Enumerable.Repeat(new string('p', 200), 400)); // 80 KB
        var archive = new TarBuilder(TarEntryFormat.Pax).File(name).Save(dir, ArchiveFormat.TarGzip, "pax.tar.gz");
        var ex = AssertRefused(EnvCode.ENV0212, archive, ArchiveFormat.TarGzip, dir);
        Assert.True(ex.Message.Length < 1000, $"the message echoes at most a bounded part of the name: {ex.Message.Length} characters");
    }

    [Fact]
    public void A_name_longer_than_a_path_may_be_is_refused_as_too_long_and_echoed_short()
    {
        using var dir = new TempDir();
        var name = string.Join('/', Enumerable.Repeat(new string('a', 250), 40)); // 10 KB, in one pax header
        var archive = new TarBuilder(TarEntryFormat.Pax).File(name).Save(dir);
        var ex = AssertRefused(EnvCode.ENV0211, archive, ArchiveFormat.Tar, dir);
        Assert.Contains("at most 4095", ex.Message);
        Assert.Contains("more characters", ex.Message);
        Assert.True(ex.Message.Length < 1000, $"message of {ex.Message.Length} characters");
    }

    [Theory]
    [InlineData(ArchiveFormat.Tar)]
    [InlineData(ArchiveFormat.Zip)]
    public void A_path_component_longer_than_a_file_name_may_be_is_refused_as_too_long_not_as_a_disk_error(ArchiveFormat format)
    {
        using var dir = new TempDir();
        var name = "dir/" + new string('c', 300);
        var archive = format == ArchiveFormat.Zip ? new ZipBuilder().File(name).Save(dir) : new TarBuilder().File(name).Save(dir);
        var ex = AssertRefused(EnvCode.ENV0211, archive, format, dir);
        Assert.Contains("at most 255", ex.Message);
    }

    [Fact]
    public void A_zip_entry_name_longer_than_a_path_is_refused_before_the_directory_is_read()
    {
        using var dir = new TempDir();
        var archive = new ZipBuilder().File("ok").File(string.Join('/', Enumerable.Repeat(new string('z', 200), 30))).Save(dir);
        AssertRefused(EnvCode.ENV0211, archive, ArchiveFormat.Zip, dir);
    }

    [Fact]
    public void A_zip_central_directory_larger_than_the_bound_is_refused()
    {
        using var dir = new TempDir();
        var builder = new ZipBuilder();
        for (var i = 0; i < 50; i++) builder.File($"f{i}");
        var archive = builder.Save(dir);
        var errors = new ArchiveErrors("hostile.zip", archive);
        using var file = System.IO.File.OpenRead(archive);
        var ex = Assert.Throws<EnvException>(() => ZipDirectoryGuard.Check(file, errors, ArchiveExtractor.DefaultMaxEntries, maxDirectoryBytes: 1000));
        Assert.Equal(EnvCode.ENV0214, ex.Code);
        file.Position = 0;
        ZipDirectoryGuard.Check(file, errors, ArchiveExtractor.DefaultMaxEntries); // the real bound lets it through
        Assert.Throws<EnvException>(() => ZipDirectoryGuard.Check(file, errors, maxEntries: 10));
    }

    [Fact]
    public void The_names_an_archive_makes_us_record_are_bounded_in_total()
    {
        using var dir = new TempDir();
        var tar = new TarBuilder(TarEntryFormat.Pax);
        // Deep paths: each entry records its own path and every new parent folder.
        for (var i = 0; i < 200; i++) tar.File($"d{i}/" + string.Join('/', Enumerable.Repeat(new string('q', 100), 30)));
        var archive = tar.Save(dir);
        var destination = dir.Combine("out");
        var ex = Assert.Throws<EnvException>(() => ArchiveExtractor.Extract(archive, ArchiveFormat.Tar, destination,
            new ExtractionOptions("names.tar", 1 << 30, StripRoot: false), ArchiveExtractor.DefaultMaxEntries, maxNameChars: 1_000_000));
        Assert.Equal(EnvCode.ENV0213, ex.Code);
        Assert.False(Path.Exists(destination));
        // The same archive within the default budget unpacks.
        Extract(archive, ArchiveFormat.Tar, destination, maxBytes: 1 << 30);
    }

    [Fact]
    public void Deep_paths_cost_linear_time_not_quadratic()
    {
        using var dir = new TempDir();
        var tar = new TarBuilder(TarEntryFormat.Pax);
        var deep = string.Join('/', Enumerable.Repeat("a", 2000)); // 3,999 bytes, 2,000 levels
        for (var i = 0; i < 2000; i++) tar.File($"{deep}/f{i}");
        var archive = tar.Save(dir);
        var clock = Stopwatch.StartNew();
        Extract(archive, ArchiveFormat.Tar, dir.Combine("out"), maxBytes: 1 << 30);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("0.1")]
    [InlineData("1.0")]
    public void A_pax_sparse_file_is_refused_as_a_special_entry(string sparseVersion)
    {
        using var dir = new TempDir();
        var source = dir.Combine("src");
        Directory.CreateDirectory(source);
        using (var f = System.IO.File.Create(Path.Combine(source, "huge.bin")))
        {
            f.SetLength(4 << 20);
            f.Position = 1 << 20;
            f.Write("data"u8);
        }
        var archive = dir.Combine("sparse.tar");
        var tar = Process.Start(new ProcessStartInfo("tar", ["--sparse", "--format=posix", $"--sparse-version={sparseVersion}", "-cf", archive, "-C", source, "huge.bin"])
            { RedirectStandardError = true })!;
        tar.WaitForExit();
        Assert.Equal(0, tar.ExitCode);
        var ex = AssertRefused(EnvCode.ENV0203, archive, ArchiveFormat.Tar, dir, maxBytes: 1 << 30);
        Assert.Contains("sparse", ex.Message);
    }

    [Fact]
    public void A_name_with_control_and_bidi_characters_is_echoed_escaped()
    {
        using var dir = new TempDir();
        var archive = new TarBuilder().File("ok").File("ok").Save(dir);
        var name = "evil\u202Egnp.exe\u001b[31m";
        var quoted = ArchiveErrors.Quote(name);
        Assert.Equal("evil\\u202egnp.exe\\u001b[31m", quoted);
        Assert.Equal(PrintableText.MaxNameChars, ArchiveErrors.Quote(new string('x', 100_000)).IndexOf('…'));
    }

    [Fact]
    public void Ordinary_pax_gnu_and_ustar_archives_still_unpack_through_the_header_guard()
    {
        using var dir = new TempDir();
        foreach (var format in new[] { TarEntryFormat.Pax, TarEntryFormat.Gnu, TarEntryFormat.Ustar, TarEntryFormat.V7 })
        {
            var name = format is TarEntryFormat.V7 or TarEntryFormat.Ustar ? "short/name" : "long/" + string.Join('/', Enumerable.Repeat(new string('l', 120), 3));
            var archive = new TarBuilder(format).Dir("d").File(name, new string('c', 1500)).File("d/x", "").Symlink("d/l", "x").Save(dir, ArchiveFormat.TarGzip, $"{format}.tar.gz");
            var destination = dir.Combine($"out-{format}");
            var result = Extract(archive, ArchiveFormat.TarGzip, destination);
            Assert.Equal(2, result.FileCount);
            Assert.Equal(1500, new FileInfo(Path.Combine(destination, name)).Length);
        }
    }
}
