using System.Formats.Tar;
using System.Text;
using Env.Core.Archives;
using static Env.Core.Tests.Archives.ArchiveFiles;
using Env.Core.Diagnostics;

namespace Env.Core.Tests.Archives;

/// <summary>
/// Tar archives crafted after HOSTILE-ARCHIVES.md, categories 1-11 and 13. Each must be refused with its code and
/// leave nothing behind (AssertRefused checks the destination is gone).
/// </summary>
public class HostileTarTests
{
    // 1. Absolute names and parent traversal.
    [Theory]
    [InlineData("/x")]
    [InlineData("//x")]
    [InlineData("////x")]
    [InlineData("../x")]
    [InlineData("a/../../x")]
    [InlineData("a/../b")]
    [InlineData("a//b")]
    public void Absolute_and_climbing_names_are_refused(string name)
    {
        using var dir = new TempDir();
        var archive = new TarBuilder().File("ok").File(name).Save(dir);
        var ex = AssertRefused(EnvCode.ENV0201, archive, ArchiveFormat.Tar, dir);
        Assert.Contains(name, ex.Message);
    }

    // 2. Windows-style names.
    [Theory]
    [InlineData(@"C:\x")]
    [InlineData("C:../x")]
    [InlineData("c:x")]
    [InlineData(@"\\server\share\x")]
    [InlineData(@"..\x")]
    [InlineData(@"a\b")]
    public void Windows_style_names_are_refused(string name)
    {
        using var dir = new TempDir();
        var archive = new TarBuilder().File(name).Save(dir);
        AssertRefused(EnvCode.ENV0201, archive, ArchiveFormat.Tar, dir);
    }

    [Fact]
    public void An_empty_name_is_refused()
    {
        using var dir = new TempDir();
        var tar = new TarBuilder(TarEntryFormat.Ustar).File("n").Bytes();
        TarBuilder.Patch(tar, 0, 0, [], 100);
        var archive = Save(dir, tar, "hostile.tar");
        AssertRefused(EnvCode.ENV0201, archive, ArchiveFormat.Tar, dir);
    }

    [Fact]
    public void A_file_named_like_the_root_is_refused()
    {
        using var dir = new TempDir();
        var archive = new TarBuilder().File("./").Save(dir);
        AssertRefused(EnvCode.ENV0201, archive, ArchiveFormat.Tar, dir);
    }

    // 3. Writing through symlinks.
    [Fact]
    public void A_file_written_through_an_earlier_symlink_is_refused()
    {
        using var dir = new TempDir();
        var outside = Directory.CreateDirectory(dir.Combine("outside")).FullName;
        var archive = new TarBuilder().Symlink("link", "sub").Dir("sub/").File("link/x", "pwned").Save(dir);
        AssertRefused(EnvCode.ENV0202, archive, ArchiveFormat.Tar, dir);
        Assert.Empty(Directory.GetFileSystemEntries(outside));
    }

    [Fact]
    public void A_file_written_through_an_absolute_symlink_is_refused_before_anything_lands_outside()
    {
        using var dir = new TempDir();
        var outside = Directory.CreateDirectory(dir.Combine("outside")).FullName;
        var archive = new TarBuilder().Symlink("link", outside).File("link/x", "pwned").Save(dir);
        AssertRefused(EnvCode.ENV0202, archive, ArchiveFormat.Tar, dir);
        Assert.Empty(Directory.GetFileSystemEntries(outside));
    }

    [Fact]
    public void A_directory_later_replaced_by_a_symlink_is_refused()
    {
        using var dir = new TempDir();
        var archive = new TarBuilder().Dir("d/").File("d/a").Symlink("d", "elsewhere").File("d/b").Save(dir);
        AssertRefused(EnvCode.ENV0204, archive, ArchiveFormat.Tar, dir);
    }

    // 4. Symlinks escaping the root.
    [Theory]
    [InlineData("link", "/etc/passwd")]
    [InlineData("link", "..")]
    [InlineData("link", "../outside")]
    [InlineData("a/link", "../../x")]
    [InlineData("a/link", "b/../../../x")]
    [InlineData("link", @"..\x")]
    [InlineData("link", "C:/x")]
    public void Symlinks_that_leave_the_root_are_refused(string name, string target)
    {
        using var dir = new TempDir();
        var archive = new TarBuilder().Dir("a/").Symlink(name, target).Save(dir);
        AssertRefused(EnvCode.ENV0202, archive, ArchiveFormat.Tar, dir);
    }

    [Fact]
    public void A_symlink_with_an_empty_target_is_refused()
    {
        using var dir = new TempDir();
        var tar = new TarBuilder(TarEntryFormat.Ustar).Symlink("link", "x").Bytes();
        TarBuilder.Patch(tar, 0, 157, [], 100);
        var archive = Save(dir, tar, "hostile.tar");
        AssertRefused(EnvCode.ENV0202, archive, ArchiveFormat.Tar, dir);
    }

    [Fact]
    public void A_chain_of_relative_symlinks_that_escapes_only_when_combined_is_refused()
    {
        using var dir = new TempDir();
        // "x" is the root itself, so x/x/x/../../.. climbs three levels above it.
        var archive = new TarBuilder().Symlink("x", ".").Symlink("y", "x/x/x/../../..").Save(dir);
        AssertRefused(EnvCode.ENV0202, archive, ArchiveFormat.Tar, dir);
    }

    [Fact]
    public void A_chain_through_nested_links_that_escapes_is_refused()
    {
        using var dir = new TempDir();
        var archive = new TarBuilder().Dir("a/b/").Symlink("a/b/up", "..").Symlink("a/up2", "b/up/..").Symlink("esc", "a/up2/../x/..").Symlink("esc2", "a/b/up/up2/../../..").Save(dir);
        AssertRefused(EnvCode.ENV0202, archive, ArchiveFormat.Tar, dir);
    }

    [Fact]
    public void A_symlink_made_unsafe_by_a_later_symlink_is_refused()
    {
        using var dir = new TempDir();
        // d/y looks like it stays in the root while d/q is nothing; once d/q -> . arrives, d/y climbs out.
        var archive = new TarBuilder().Dir("d/").Symlink("d/y", "q/../..").Symlink("d/q", ".").Save(dir);
        AssertRefused(EnvCode.ENV0202, archive, ArchiveFormat.Tar, dir);
    }

    [Fact]
    public void Symlink_loops_are_refused()
    {
        using var dir = new TempDir();
        var archive = new TarBuilder().Symlink("a", "b").Symlink("b", "a").Save(dir);
        AssertRefused(EnvCode.ENV0202, archive, ArchiveFormat.Tar, dir);
    }

    [Fact]
    public void A_symlink_that_would_escape_only_after_stripping_the_root_is_refused()
    {
        using var dir = new TempDir();
        var archive = new TarBuilder().File("pkg/b").Symlink("pkg/a", "../pkg/b").Save(dir);
        // Without stripping it is a legitimate link...
        Extract(archive, ArchiveFormat.Tar, dir.Combine("plain"));
        // ...with stripping it would point above the new root.
        AssertRefused(EnvCode.ENV0202, archive, ArchiveFormat.Tar, dir, stripRoot: true);
    }

    // 5. Hard links.
    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("../outside")]
    [InlineData("later")]
    [InlineData("self")]
    [InlineData("dir")]
    [InlineData("sym/f")]
    public void Hard_links_outside_forward_to_themselves_or_to_non_files_are_refused(string target)
    {
        using var dir = new TempDir();
        var archive = new TarBuilder().Dir("dir/").Symlink("sym", "dir").HardLink("self", target).File("later").Save(dir);
        AssertRefused(EnvCode.ENV0202, archive, ArchiveFormat.Tar, dir);
    }

    // 6. Special and unknown entry types.
    [Theory]
    [InlineData(TarEntryType.CharacterDevice)]
    [InlineData(TarEntryType.BlockDevice)]
    [InlineData(TarEntryType.Fifo)]
    public void Devices_and_fifos_are_refused(TarEntryType type)
    {
        using var dir = new TempDir();
        var archive = new TarBuilder().File("ok").Special(type, "dev").Save(dir);
        AssertRefused(EnvCode.ENV0203, archive, ArchiveFormat.Tar, dir);
    }

    [Theory]
    [InlineData('S')] // GNU sparse
    [InlineData('M')] // multi-volume continuation
    [InlineData('V')] // tape volume header
    [InlineData('Z')] // not a type at all
    public void Sparse_multivolume_and_unknown_entry_types_are_refused(char type)
    {
        using var dir = new TempDir();
        var tar = new TarBuilder(TarEntryFormat.Ustar).File("odd", "").Bytes();
        TarBuilder.Patch(tar, 0, 156, [(byte)type], 1);
        var archive = Save(dir, tar, "hostile.tar");
        AssertRefused(EnvCode.ENV0203, archive, ArchiveFormat.Tar, dir);
    }

    // 8. Collisions by case and Unicode normalisation; 10. reserved names.
    [Theory]
    [InlineData("README", "readme")]
    [InlineData("Dir/a", "dir/b")]
    [InlineData("caf\u00e9", "cafe\u0301")]
    [InlineData("x/caf\u00e9/1", "x/cafe\u0301/2")]
    [InlineData("\u00c5", "\u212b")] // Å and the Ångström sign: NFC makes them one
    public void Names_that_collide_by_case_or_normalisation_are_refused(string first, string second)
    {
        using var dir = new TempDir();
        var archive = new TarBuilder().File(first).File(second).Save(dir);
        AssertRefused(EnvCode.ENV0204, archive, ArchiveFormat.Tar, dir);
    }

    [Theory]
    [InlineData(".envsdk-ok")]
    [InlineData(".ENVSDK-hash")]
    [InlineData("pkg/.envsdk-meta")]
    [InlineData(".envsdk-unpack/x")]
    public void Names_reserved_for_store_markers_are_refused(string name)
    {
        using var dir = new TempDir();
        var archive = new TarBuilder().File(name).Save(dir);
        AssertRefused(EnvCode.ENV0201, archive, ArchiveFormat.Tar, dir);
    }

    // 9. Duplicates.
    [Fact]
    public void File_then_file_is_refused()
    {
        using var dir = new TempDir();
        var archive = new TarBuilder().File("a", "1").File("a", "2").Save(dir);
        AssertRefused(EnvCode.ENV0204, archive, ArchiveFormat.Tar, dir);
    }

    [Fact]
    public void File_then_directory_is_refused()
    {
        using var dir = new TempDir();
        var archive = new TarBuilder().File("a").Dir("a/").Save(dir);
        AssertRefused(EnvCode.ENV0204, archive, ArchiveFormat.Tar, dir);
    }

    [Fact]
    public void A_file_used_as_a_parent_directory_is_refused()
    {
        using var dir = new TempDir();
        var archive = new TarBuilder().File("a").File("a/b").Save(dir);
        AssertRefused(EnvCode.ENV0204, archive, ArchiveFormat.Tar, dir);
    }

    [Fact]
    public void Directory_then_symlink_is_refused()
    {
        using var dir = new TempDir();
        var archive = new TarBuilder().Dir("a/").Symlink("a", ".").Save(dir);
        AssertRefused(EnvCode.ENV0204, archive, ArchiveFormat.Tar, dir);
    }

    // 13. Resource abuse.
    [Fact]
    public void Content_beyond_the_size_limit_is_refused_while_copying()
    {
        using var dir = new TempDir();
        var archive = new TarBuilder().File("a", new string('a', 600)).File("b", new string('b', 600)).Save(dir, ArchiveFormat.TarGzip);
        AssertRefused(EnvCode.ENV0205, archive, ArchiveFormat.TarGzip, dir, maxBytes: 1000);
    }

    [Fact]
    public void A_compression_bomb_stops_at_the_limit()
    {
        using var dir = new TempDir();
        // 64 MiB of zeros compresses to a few KiB; the limit is 1 MiB.
        var entry = new PaxTarEntry(TarEntryType.RegularFile, "zeros") { DataStream = new MemoryStream(new byte[64 << 20]) };
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, leaveOpen: true)) writer.WriteEntry(entry);
        var archive = Save(dir, TarBuilder.Compress(tar.ToArray(), ArchiveFormat.TarZstd, dir), "bomb.tar.zst");
        Assert.True(new FileInfo(archive).Length < 1 << 20);
        AssertRefused(EnvCode.ENV0205, archive, ArchiveFormat.TarZstd, dir, maxBytes: 1 << 20);
    }

    [Fact]
    public void Millions_of_empty_entries_hit_the_entry_limit()
    {
        using var dir = new TempDir();
        var builder = new TarBuilder();
        for (var i = 0; i < 11; i++) builder.File($"f{i}", "");
        var archive = builder.Save(dir);
        AssertRefused(EnvCode.ENV0208, archive, ArchiveFormat.Tar, dir, maxEntries: 10);
    }

    [Fact]
    public void A_huge_pax_header_is_refused_before_it_is_buffered()
    {
        using var dir = new TempDir();
        // A pax header claiming 80 MiB of attributes: TarReader would buffer it all; the header guard refuses it
        // before TarReader reads it (before the stream cap, which only counts bytes read).
        var header = new TarBuilder(TarEntryFormat.Ustar).File("PaxHeaders/f", "").Bytes()[..512];
        TarBuilder.Patch(header, 0, 156, [(byte)'x'], 1);
        TarBuilder.Patch(header, 0, 124, Encoding.ASCII.GetBytes(Convert.ToString(80 << 20, 8).PadLeft(11, '0')), 12);
        var gz = new MemoryStream();
        using (var z = new System.IO.Compression.GZipStream(gz, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            z.Write(header);
            var chunk = Encoding.ASCII.GetBytes(new string('c', 1 << 20));
            for (var i = 0; i < 80; i++) z.Write(chunk);
        }
        var archive = Save(dir, gz.ToArray(), "hostile.tar.gz");
        AssertRefused(EnvCode.ENV0212, archive, ArchiveFormat.TarGzip, dir, maxBytes: 1024);
    }

    [Theory]
    [InlineData(ArchiveFormat.Tar)]
    [InlineData(ArchiveFormat.TarGzip)]
    [InlineData(ArchiveFormat.TarXz)]
    [InlineData(ArchiveFormat.TarBzip2)]
    [InlineData(ArchiveFormat.TarZstd)]
    public void Truncated_archives_are_refused(ArchiveFormat format)
    {
        using var dir = new TempDir();
        var random = new Random(42);
        var noise = new byte[200_000];
        random.NextBytes(noise);
        var tar = new TarBuilder().File("a", "small").File("noise", Convert.ToBase64String(noise)).File("z", "end").Bytes();
        var whole = TarBuilder.Compress(tar, format, dir);
        var archive = Save(dir, whole[..(whole.Length / 2)], "hostile.tar");
        AssertRefused(EnvCode.ENV0206, archive, format, dir);
    }

    [Fact]
    public void Garbage_is_refused_as_corrupt()
    {
        using var dir = new TempDir();
        var archive = Save(dir, Encoding.ASCII.GetBytes(new string('?', 5000)), "hostile.tar.gz");
        AssertRefused(EnvCode.ENV0206, archive, ArchiveFormat.TarGzip, dir);
    }
}
