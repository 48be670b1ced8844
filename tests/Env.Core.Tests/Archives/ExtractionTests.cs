using System.Formats.Tar;
using Env.Core.Archives;
using static Env.Core.Tests.Archives.ArchiveFiles;

namespace Env.Core.Tests.Archives;

/// <summary>Well-formed archives unpack faithfully: content, executable bits, internal symlinks, root stripping.</summary>
public class ExtractionTests
{
    private static TarBuilder SampleTar() => new TarBuilder()
        .Dir("pkg/")
        .Dir("pkg/bin/")
        .File("pkg/bin/tool", "#!/bin/sh\necho hi\n", TarBuilder.Mode755)
        .File("pkg/README", "read me")
        .Symlink("pkg/bin/alias", "tool")
        .Symlink("pkg/docs", "README");

    [Theory]
    [InlineData(ArchiveFormat.Tar)]
    [InlineData(ArchiveFormat.TarGzip)]
    [InlineData(ArchiveFormat.TarXz)]
    [InlineData(ArchiveFormat.TarBzip2)]
    [InlineData(ArchiveFormat.TarZstd)]
    public void Every_tar_format_round_trips_content_modes_and_symlinks(ArchiveFormat format)
    {
        using var dir = new TempDir();
        var archive = SampleTar().Save(dir, format, "sample");
        var dest = dir.Combine("out");

        var result = Extract(archive, format, dest);

        Assert.False(result.RootStripped);
        Assert.Equal(2, result.FileCount);
        Assert.Equal("#!/bin/sh\necho hi\n".Length + "read me".Length, result.UnpackedBytes);
        Assert.Equal("read me", File.ReadAllText(Path.Combine(dest, "pkg/README")));
        Assert.Equal("tool", new FileInfo(Path.Combine(dest, "pkg/bin/alias")).LinkTarget);
        Assert.Equal("#!/bin/sh\necho hi\n", File.ReadAllText(Path.Combine(dest, "pkg/bin/alias")));
        Assert.Equal(TarBuilder.Mode755, Mode(Path.Combine(dest, "pkg/bin/tool")));
        Assert.Equal(TarBuilder.Mode644, Mode(Path.Combine(dest, "pkg/README")));
        Assert.Equal(new[] { "pkg" }, Directory.GetFileSystemEntries(dest).Select(Path.GetFileName));
    }

    [Fact]
    public void Zip_round_trips_content_executable_bits_and_symlinks()
    {
        using var dir = new TempDir();
        var archive = new ZipBuilder()
            .Dir("pkg/")
            .File("pkg/run.sh", "echo", unixMode: 0x8000 | 0b111_101_101)
            .File("pkg/data.txt", "data", unixMode: 0x8000 | 0b110_100_100)
            .File("pkg/from-windows.txt", "win")
            .Symlink("pkg/link", "data.txt")
            .Save(dir, "sample.zip");
        var dest = dir.Combine("out");

        var result = Extract(archive, ArchiveFormat.Zip, dest);

        Assert.Equal(3, result.FileCount);
        Assert.Equal(TarBuilder.Mode755, Mode(Path.Combine(dest, "pkg/run.sh")));
        Assert.Equal(TarBuilder.Mode644, Mode(Path.Combine(dest, "pkg/data.txt")));
        Assert.Equal(TarBuilder.Mode644, Mode(Path.Combine(dest, "pkg/from-windows.txt")));
        Assert.Equal("data.txt", new FileInfo(Path.Combine(dest, "pkg/link")).LinkTarget);
        Assert.Equal("data", File.ReadAllText(Path.Combine(dest, "pkg/link")));
    }

    [Fact]
    public void Any_execute_bit_makes_a_file_0755_and_everything_else_is_normalised()
    {
        using var dir = new TempDir();
        var archive = new TarBuilder()
            .File("group-exec", "x", UnixFileMode.UserRead | UnixFileMode.GroupExecute)
            .File("setuid", "x", UnixFileMode.SetUser | UnixFileMode.UserRead | UnixFileMode.UserExecute)
            .File("world-writable", "x", UnixFileMode.UserRead | UnixFileMode.OtherWrite)
            .File("no-perms", "x", UnixFileMode.None)
            .Dir("sticky/", UnixFileMode.StickyBit | UnixFileMode.SetGroup | TarBuilder.Mode755 | UnixFileMode.OtherWrite)
            .Dir("locked/", UnixFileMode.None)
            .File("locked/inside", "x")
            .Save(dir);
        var dest = dir.Combine("out");

        Extract(archive, ArchiveFormat.Tar, dest);

        Assert.Equal(TarBuilder.Mode755, Mode(Path.Combine(dest, "group-exec")));
        Assert.Equal(TarBuilder.Mode755, Mode(Path.Combine(dest, "setuid")));
        Assert.Equal(TarBuilder.Mode644, Mode(Path.Combine(dest, "world-writable")));
        Assert.Equal(TarBuilder.Mode644, Mode(Path.Combine(dest, "no-perms")));
        Assert.Equal(TarBuilder.Mode755, Mode(Path.Combine(dest, "sticky")));
        Assert.Equal(TarBuilder.Mode755, Mode(Path.Combine(dest, "locked")));
        Assert.Equal("x", File.ReadAllText(Path.Combine(dest, "locked/inside")));
    }

    [Fact]
    public void Single_top_level_directory_is_stripped_when_asked()
    {
        using var dir = new TempDir();
        var archive = SampleTar().Save(dir, ArchiveFormat.TarGzip, "sample.tar.gz");
        var dest = dir.Combine("out");

        var result = Extract(archive, ArchiveFormat.TarGzip, dest, stripRoot: true);

        Assert.True(result.RootStripped);
        Assert.Equal(["README", "bin", "docs"], Directory.GetFileSystemEntries(dest).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("tool", new FileInfo(Path.Combine(dest, "bin/alias")).LinkTarget);
        Assert.Equal("README", new FileInfo(Path.Combine(dest, "docs")).LinkTarget);
        Assert.Equal(TarBuilder.Mode755, Mode(Path.Combine(dest, "bin/tool")));
    }

    [Fact]
    public void Stripping_works_when_the_root_directory_contains_a_namesake()
    {
        using var dir = new TempDir();
        var archive = new TarBuilder().File("pkg/pkg/inner", "deep").File("pkg/other", "o").Save(dir);
        var dest = dir.Combine("out");

        var result = Extract(archive, ArchiveFormat.Tar, dest, stripRoot: true);

        Assert.True(result.RootStripped);
        Assert.Equal("deep", File.ReadAllText(Path.Combine(dest, "pkg/inner")));
        Assert.Equal("o", File.ReadAllText(Path.Combine(dest, "other")));
        Assert.Equal(["other", "pkg"], Directory.GetFileSystemEntries(dest).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Dot_slash_prefixed_tars_strip_like_plain_ones()
    {
        using var dir = new TempDir();
        var archive = new TarBuilder().Dir("./").Dir("./pkg/").File("./pkg/a", "a").Save(dir);
        var dest = dir.Combine("out");

        var result = Extract(archive, ArchiveFormat.Tar, dest, stripRoot: true);

        Assert.True(result.RootStripped);
        Assert.Equal("a", File.ReadAllText(Path.Combine(dest, "a")));
    }

    [Fact]
    public void A_single_top_level_file_is_not_stripped()
    {
        using var dir = new TempDir();
        var archive = new TarBuilder().File("only.txt", "hi").Save(dir);
        var dest = dir.Combine("out");

        var result = Extract(archive, ArchiveFormat.Tar, dest, stripRoot: true);

        Assert.False(result.RootStripped);
        Assert.Equal("hi", File.ReadAllText(Path.Combine(dest, "only.txt")));
    }

    [Fact]
    public void A_single_top_level_symlink_to_a_directory_is_not_stripped()
    {
        using var dir = new TempDir();
        var zip = new ZipBuilder().Symlink("self", ".").Save(dir, "link.zip");
        var dest = dir.Combine("out");

        var result = Extract(zip, ArchiveFormat.Zip, dest, stripRoot: true);

        Assert.False(result.RootStripped);
        Assert.Equal(".", new FileInfo(Path.Combine(dest, "self")).LinkTarget);
    }

    [Fact]
    public void Several_top_level_entries_are_not_stripped()
    {
        using var dir = new TempDir();
        var archive = new ZipBuilder().File("a/x", "1").File("b/y", "2").Save(dir, "two.zip");
        var dest = dir.Combine("out");

        var result = Extract(archive, ArchiveFormat.Zip, dest, stripRoot: true);

        Assert.False(result.RootStripped);
        Assert.Equal(["a", "b"], Directory.GetFileSystemEntries(dest).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_empty_archive_unpacks_to_an_empty_folder_and_is_not_stripped()
    {
        using var dir = new TempDir();
        // An empty tar is just the end-of-archive marker: two zero blocks.
        var archive = ArchiveFiles.Save(dir, new byte[1024], "empty.tar");
        var dest = dir.Combine("out");

        var result = Extract(archive, ArchiveFormat.Tar, dest, stripRoot: true);

        Assert.False(result.RootStripped);
        Assert.Empty(Directory.GetFileSystemEntries(dest));
        Assert.Equal(0, result.FileCount);
    }

    [Fact]
    public void Hard_link_to_an_earlier_file_becomes_an_independent_copy()
    {
        using var dir = new TempDir();
        var archive = new TarBuilder().File("bin/tool", "abc", TarBuilder.Mode755).HardLink("bin/tool2", "bin/tool").Save(dir);
        var dest = dir.Combine("out");

        var result = Extract(archive, ArchiveFormat.Tar, dest);

        Assert.Equal(2, result.FileCount);
        Assert.Equal(6, result.UnpackedBytes);
        Assert.Equal("abc", File.ReadAllText(Path.Combine(dest, "bin/tool2")));
        Assert.Equal(TarBuilder.Mode755, Mode(Path.Combine(dest, "bin/tool2")));
        Assert.Null(new FileInfo(Path.Combine(dest, "bin/tool2")).LinkTarget);
    }

    [Fact]
    public void Repeated_directory_entries_and_gnu_long_names_are_fine()
    {
        using var dir = new TempDir();
        var longName = "d/" + new string('n', 150) + "/" + new string('f', 120);
        var archive = new TarBuilder(TarEntryFormat.Gnu).Dir("d/").File("d/a").Dir("d/").File(longName, "long").Save(dir);
        var dest = dir.Combine("out");

        Extract(archive, ArchiveFormat.Tar, dest);

        Assert.Equal("long", File.ReadAllText(Path.Combine(dest, longName)));
    }

    [Fact]
    public void Nothing_but_the_unpacked_tree_is_left_in_the_destination()
    {
        using var dir = new TempDir();
        var archive = SampleTar().Save(dir);
        var dest = dir.Combine("out");

        Extract(archive, ArchiveFormat.Tar, dest);

        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(dest, "*", SearchOption.AllDirectories),
            p => Path.GetFileName(p).StartsWith(".envsdk-", StringComparison.Ordinal));
    }
}
