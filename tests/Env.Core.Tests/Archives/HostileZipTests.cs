using System.Buffers.Binary;
using System.IO.Compression;
using Env.Core.Archives;
using static Env.Core.Tests.Archives.ArchiveFiles;
using Env.Core.Diagnostics;

namespace Env.Core.Tests.Archives;

/// <summary>Zip archives crafted after HOSTILE-ARCHIVES.md: the tar policy applies, plus zip's own lies (category 12).</summary>
public class HostileZipTests
{
    private const uint LocalHeader = 0x04034b50;
    private const uint CentralHeader = 0x02014b50;

    private static List<int> Find(byte[] zip, uint signature)
    {
        var found = new List<int>();
        for (var i = 0; i + 4 <= zip.Length; i++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i)) == signature) found.Add(i);
        }
        return found;
    }

    /// <summary>Rewrites a field in every local header (at localOffset) and central record (at centralOffset).</summary>
    private static void PatchBoth(byte[] zip, int localOffset, int centralOffset, Action<Span<byte>> write)
    {
        foreach (var at in Find(zip, LocalHeader)) write(zip.AsSpan(at + localOffset));
        foreach (var at in Find(zip, CentralHeader)) write(zip.AsSpan(at + centralOffset));
    }

    [Theory]
    [InlineData("/x")]
    [InlineData("../x")]
    [InlineData("a/../../x")]
    [InlineData(@"C:\x")]
    [InlineData(@"..\x")]
    [InlineData(@"\\server\share\x")]
    [InlineData(".envsdk-marker")]
    public void Unsafe_names_are_refused(string name)
    {
        using var dir = new TempDir();
        var archive = new ZipBuilder().File("ok").File(name).Save(dir);
        AssertRefused(EnvCode.ENV0201, archive, ArchiveFormat.Zip, dir);
    }

    [Theory]
    [InlineData("/etc")]
    [InlineData("../..")]
    [InlineData("sub/../..")]
    public void Symlinks_that_leave_the_root_are_refused(string target)
    {
        using var dir = new TempDir();
        var archive = new ZipBuilder().Dir("sub").Symlink("link", target).Save(dir);
        AssertRefused(EnvCode.ENV0202, archive, ArchiveFormat.Zip, dir);
    }

    [Fact]
    public void A_file_written_through_a_symlink_is_refused()
    {
        using var dir = new TempDir();
        var archive = new ZipBuilder().Dir("sub").Symlink("link", "sub").File("link/x").Save(dir);
        AssertRefused(EnvCode.ENV0202, archive, ArchiveFormat.Zip, dir);
    }

    [Theory]
    [InlineData(0x1000)] // FIFO
    [InlineData(0x2000)] // character device
    [InlineData(0x6000)] // block device
    [InlineData(0xC000)] // socket
    [InlineData(0xE000)] // no such type
    public void Special_unix_file_types_are_refused(int type)
    {
        using var dir = new TempDir();
        var archive = new ZipBuilder().File("odd", "", type | 0x1A4).Save(dir);
        AssertRefused(EnvCode.ENV0203, archive, ArchiveFormat.Zip, dir);
    }

    [Theory]
    [InlineData("a", "a")]
    [InlineData("a", "a/")]
    [InlineData("Makefile", "makefile")]
    [InlineData("caf\u00e9", "cafe\u0301")]
    public void Duplicate_and_colliding_names_are_refused(string first, string second)
    {
        using var dir = new TempDir();
        var builder = new ZipBuilder().File(first);
        if (second.EndsWith('/')) builder.Dir(second); else builder.File(second);
        AssertRefused(EnvCode.ENV0204, builder.Save(dir), ArchiveFormat.Zip, dir);
    }

    [Theory]
    [InlineData(CompressionLevel.NoCompression, 5)]
    [InlineData(CompressionLevel.NoCompression, 1000)]
    [InlineData(CompressionLevel.Optimal, 5)]
    [InlineData(CompressionLevel.Optimal, 1000)]
    public void A_declared_size_that_differs_from_the_data_is_refused(CompressionLevel level, int declared)
    {
        using var dir = new TempDir();
        var zip = new ZipBuilder().File("lie.txt", new string('L', 100), level: level).Bytes();
        PatchBoth(zip, 22, 24, s => BinaryPrimitives.WriteUInt32LittleEndian(s, (uint)declared));
        var archive = Save(dir, zip, "hostile.zip");
        AssertRefused(EnvCode.ENV0206, archive, ArchiveFormat.Zip, dir);
    }

    [Fact]
    public void Overlapping_entries_that_reuse_one_compressed_body_are_refused()
    {
        using var dir = new TempDir();
        // The non-recursive zip bomb: one deflated body, many central records pointing at it.
        var zip = OverlappingZip(new byte[1 << 20], copies: 20);
        var archive = Save(dir, zip, "hostile.zip");
        AssertRefused(EnvCode.ENV0206, archive, ArchiveFormat.Zip, dir, maxBytes: 1L << 30);
    }

    /// <summary>A zip with one local entry and <paramref name="copies"/> central records (f0, f1, ...) that all point at it.</summary>
    private static byte[] OverlappingZip(byte[] content, int copies)
    {
        var body = new MemoryStream();
        using (var deflate = new DeflateStream(body, CompressionLevel.Optimal, leaveOpen: true)) deflate.Write(content);
        var compressed = body.ToArray();
        var crc = new Env.Core.Archives.Crc32();
        crc.Append(content);
        var output = new MemoryStream();
        var w = new BinaryWriter(output);
        void Common(string name)
        {
            w.Write((ushort)20); w.Write((ushort)0); w.Write((ushort)8); w.Write(0u);
            w.Write(crc.Value); w.Write((uint)compressed.Length); w.Write((uint)content.Length);
            w.Write((ushort)name.Length); w.Write((ushort)0);
        }
        w.Write(LocalHeader); Common("f0"); w.Write("f0"u8); w.Write(compressed);
        var centralStart = output.Position;
        for (var i = 0; i < copies; i++)
        {
            var name = $"f{i}";
            w.Write(CentralHeader); w.Write((ushort)20); Common(name);
            w.Write((ushort)0); w.Write((ushort)0); w.Write((ushort)0); w.Write(0u); w.Write(0u);
            w.Write(System.Text.Encoding.ASCII.GetBytes(name));
        }
        var centralSize = output.Position - centralStart;
        w.Write(0x06054b50u); w.Write((ushort)0); w.Write((ushort)0); w.Write((ushort)copies); w.Write((ushort)copies);
        w.Write((uint)centralSize); w.Write((uint)centralStart); w.Write((ushort)0);
        w.Flush();
        return output.ToArray();
    }

    [Fact]
    public void The_raw_zip_writer_used_for_overlaps_makes_valid_zips()
    {
        using var dir = new TempDir();
        var archive = Save(dir, OverlappingZip("hello"u8.ToArray(), copies: 1), "valid.zip");
        Extract(archive, ArchiveFormat.Zip, dir.Combine("out"));
        Assert.Equal("hello", File.ReadAllText(dir.Combine("out", "f0")));
    }

    [Fact]
    public void When_local_and_central_names_disagree_only_the_checked_central_name_is_written()
    {
        using var dir = new TempDir();
        var zip = new ZipBuilder().File("aaaaaaa", "x").Bytes();
        var local = Find(zip, LocalHeader)[0];
        "../evil"u8.CopyTo(zip.AsSpan(local + 30));
        var archive = Save(dir, zip, "hostile.zip");
        var destination = dir.Combine("out");
        try
        {
            Extract(archive, ArchiveFormat.Zip, destination);
            Assert.Equal(["aaaaaaa"], Directory.GetFileSystemEntries(destination).Select(Path.GetFileName));
        }
        catch (Env.Core.Diagnostics.EnvException ex)
        {
            Assert.Equal(EnvCode.ENV0206, ex.Code);
            Assert.False(Path.Exists(destination));
        }
        Assert.False(File.Exists(dir.Combine("evil")));
    }

    [Fact]
    public void Encrypted_entries_are_refused_as_unsupported()
    {
        using var dir = new TempDir();
        var zip = new ZipBuilder().File("secret", "s").Bytes();
        PatchBoth(zip, 6, 8, s => s[0] |= 1);
        var archive = Save(dir, zip, "hostile.zip");
        AssertRefused(EnvCode.ENV0207, archive, ArchiveFormat.Zip, dir);
    }

    [Fact]
    public void Unknown_compression_methods_are_refused_as_unsupported()
    {
        using var dir = new TempDir();
        var zip = new ZipBuilder().File("f", "content").Bytes();
        PatchBoth(zip, 8, 10, s => BinaryPrimitives.WriteUInt16LittleEndian(s, 99));
        var archive = Save(dir, zip, "hostile.zip");
        AssertRefused(EnvCode.ENV0207, archive, ArchiveFormat.Zip, dir);
    }

    [Fact]
    public void Too_many_entries_are_refused()
    {
        using var dir = new TempDir();
        var builder = new ZipBuilder();
        for (var i = 0; i < 6; i++) builder.File($"f{i}");
        AssertRefused(EnvCode.ENV0208, builder.Save(dir), ArchiveFormat.Zip, dir, maxEntries: 5);
    }

    [Fact]
    public void A_zip_bomb_stops_at_the_size_limit()
    {
        using var dir = new TempDir();
        var archive = new ZipBuilder().File("zeros", new string('\0', 8 << 20)).Save(dir);
        Assert.True(new FileInfo(archive).Length < 64 << 10);
        AssertRefused(EnvCode.ENV0205, archive, ArchiveFormat.Zip, dir, maxBytes: 1 << 20);
    }

    [Fact]
    public void A_truncated_zip_is_refused()
    {
        using var dir = new TempDir();
        var zip = new ZipBuilder().File("a", "aaaa").File("b", "bbbb").Bytes();
        var archive = Save(dir, zip[..(zip.Length - 30)], "hostile.zip");
        AssertRefused(EnvCode.ENV0206, archive, ArchiveFormat.Zip, dir);
    }

    [Fact]
    public void Corrupted_compressed_data_is_refused()
    {
        using var dir = new TempDir();
        var zip = new ZipBuilder().File("a", string.Concat(Enumerable.Repeat("hello world ", 200))).Bytes();
        var local = Find(zip, LocalHeader)[0];
        for (var i = local + 32; i < local + 60; i++) zip[i] ^= 0x5A;
        var archive = Save(dir, zip, "hostile.zip");
        AssertRefused(EnvCode.ENV0206, archive, ArchiveFormat.Zip, dir);
    }
}
