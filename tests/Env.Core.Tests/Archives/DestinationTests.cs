using Env.Core.Archives;
using Env.Core.Diagnostics;
using static Env.Core.Tests.Archives.ArchiveFiles;

namespace Env.Core.Tests.Archives;

/// <summary>The extractor only ever fills a folder it created, and removes it on failure.</summary>
public class DestinationTests
{
    [Fact]
    public void An_existing_destination_is_refused_and_left_alone()
    {
        using var dir = new TempDir();
        var archive = new TarBuilder().File("a").Save(dir);
        var destination = Directory.CreateDirectory(dir.Combine("out")).FullName;
        File.WriteAllText(Path.Combine(destination, "keep"), "mine");

        var ex = Assert.Throws<EnvException>(() => Extract(archive, ArchiveFormat.Tar, destination));

        Assert.Equal(EnvCode.ENV0200, ex.Code);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(destination, "keep")));
    }

    [Fact]
    public void A_symlink_at_the_destination_is_refused_and_left_alone()
    {
        using var dir = new TempDir();
        var archive = new TarBuilder().File("a").Save(dir);
        var destination = dir.Combine("out");
        File.CreateSymbolicLink(destination, "/nonexistent");

        var ex = Assert.Throws<EnvException>(() => Extract(archive, ArchiveFormat.Tar, destination));

        Assert.Equal(EnvCode.ENV0200, ex.Code);
        Assert.NotNull(new FileInfo(destination).LinkTarget);
    }

    [Fact]
    public void A_missing_parent_is_refused()
    {
        using var dir = new TempDir();
        var archive = new TarBuilder().File("a").Save(dir);
        var ex = Assert.Throws<EnvException>(() => Extract(archive, ArchiveFormat.Tar, dir.Combine("no", "out")));
        Assert.Equal(EnvCode.ENV0200, ex.Code);
        Assert.False(Directory.Exists(dir.Combine("no")));
    }

    [Fact]
    public void A_missing_archive_is_an_io_error_and_leaves_nothing()
    {
        using var dir = new TempDir();
        AssertRefused(EnvCode.ENV0209, dir.Combine("missing.tar"), ArchiveFormat.Tar, dir);
    }

    [Fact]
    public void A_zip_opened_as_a_tar_is_corrupt()
    {
        using var dir = new TempDir();
        var archive = new ZipBuilder().File("a").Save(dir, "really-a-zip.tar.gz");
        AssertRefused(EnvCode.ENV0206, archive, ArchiveFormat.TarGzip, dir);
    }

    [Fact]
    public void Symlink_chains_that_stay_inside_are_kept()
    {
        using var dir = new TempDir();
        var archive = new TarBuilder()
            .Dir("a/b/")
            .File("a/b/f", "deep")
            .Symlink("x", ".")
            .Symlink("a/up", "..")
            .Symlink("y", "x/x/a/up/a/b/f")
            .Symlink("dangling", "not/yet/there")
            .Save(dir);
        var destination = dir.Combine("out");

        Extract(archive, ArchiveFormat.Tar, destination);

        Assert.Equal("deep", File.ReadAllText(Path.Combine(destination, "y")));
        Assert.Equal("not/yet/there", new FileInfo(Path.Combine(destination, "dangling")).LinkTarget);
    }
}
