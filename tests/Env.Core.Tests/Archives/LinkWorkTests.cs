using System.Diagnostics;
using System.Formats.Tar;
using Env.Core.Archives;
using static Env.Core.Tests.Archives.ArchiveFiles;
using Env.Core.Diagnostics;

namespace Env.Core.Tests.Archives;

/// <summary>
/// Bounded work on hostile archives (issue 5, item 3): links that name each other over and over, long targets,
/// many links; and cancellation that stops an extraction at once.
/// </summary>
public class LinkWorkTests
{
    /// <summary>
    /// l30 -> ., and l(i) -> l(i+1)/l(i+1)/l(i+1)/l(i+1): each l(i) is the root, but reaching it naively follows
    /// 4^(30-i) links. A few hundred bytes that kept the build at 100% CPU for more than ten minutes.
    /// </summary>
    internal static TarBuilder ExponentialLinks(int levels = 30, bool deepestFirst = true)
    {
        var tar = new TarBuilder(TarEntryFormat.Ustar);
        var order = Enumerable.Range(0, levels + 1).ToList();
        if (deepestFirst) order.Reverse();
        foreach (var i in order)
        {
            var next = $"l{i + 1}";
            tar.Symlink($"l{i}", i == levels ? "." : string.Join('/', Enumerable.Repeat(next, 4)));
        }
        return tar;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)] // added shallowest first, the blow-up only shows when the finished tree is checked
    public void Links_naming_each_other_over_and_over_are_refused_fast_with_the_link_work_code(bool deepestFirst)
    {
        using var dir = new TempDir();
        var archive = ExponentialLinks(deepestFirst: deepestFirst).Save(dir, ArchiveFormat.TarGzip, "links.tar.gz");
        Assert.True(new FileInfo(archive).Length < 1024, "the attack fits in a few hundred bytes");

        var clock = Stopwatch.StartNew();
        var ex = AssertRefused(EnvCode.ENV0210, archive, ArchiveFormat.TarGzip, dir);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
        Assert.Contains("more than 40 link follows", ex.Message);
        Assert.Contains("ELOOP", ex.Message);
    }

    [Fact]
    public void Links_within_the_kernels_follow_limit_are_kept_and_resolved_once_each()
    {
        using var dir = new TempDir();
        // Five levels need 4^5 = 1024 follows naively but resolve to the root: above the kernel's 40, so refused...
        AssertRefused(EnvCode.ENV0210, ExponentialLinks(levels: 5).Save(dir, fileName: "five.tar"), ArchiveFormat.Tar, dir);
        // ...while two levels (16 follows) are what a kernel follows, so they are kept.
        var two = ExponentialLinks(levels: 2).Save(dir, fileName: "two.tar");
        Extract(two, ArchiveFormat.Tar, dir.Combine("two"));
        Assert.Equal("l1/l1/l1/l1", new FileInfo(dir.Combine("two", "l0")).LinkTarget);
    }

    [Fact]
    public void A_chain_of_40_links_is_kept_and_one_of_41_is_refused()
    {
        using var dir = new TempDir();
        TarBuilder Chain(int length)
        {
            var tar = new TarBuilder(TarEntryFormat.Ustar).File("target", "end");
            tar.Symlink("c0", "target");
            for (var i = 1; i < length; i++) tar.Symlink($"c{i}", $"c{i - 1}");
            return tar;
        }
        Extract(Chain(40).Save(dir, fileName: "ok.tar"), ArchiveFormat.Tar, dir.Combine("ok"));
        Assert.Equal("end", File.ReadAllText(dir.Combine("ok", "c39")));
        AssertRefused(EnvCode.ENV0210, Chain(41).Save(dir, fileName: "long.tar"), ArchiveFormat.Tar, dir);
    }

    [Fact]
    public void The_archive_wide_budget_stops_many_cheap_links()
    {
        using var dir = new TempDir();
        var tar = new TarBuilder(TarEntryFormat.Ustar).Dir("d/");
        for (var i = 0; i < 50; i++) tar.Symlink($"link{i}", "d/./././././././d/..");
        var archive = tar.Save(dir);
        // Fine under the real budget...
        Extract(archive, ArchiveFormat.Tar, dir.Combine("fine"));
        // ...and refused, naming the entry, once the archive's links together need more steps than allowed.
        var destination = dir.Combine("out");
        var ex = Assert.Throws<Diagnostics.EnvException>(() => ArchiveExtractor.Extract(archive, ArchiveFormat.Tar, destination,
            new ExtractionOptions("budget.tar", 1 << 20, StripRoot: false), ArchiveExtractor.DefaultMaxEntries, maxLinkSteps: 200));
        Assert.Equal(EnvCode.ENV0210, ex.Code);
        Assert.Contains("took more than 200 steps", ex.Message);
        Assert.Matches("entry 'link[0-9]+'", ex.Message);
        Assert.False(Path.Exists(destination));
    }

    [Fact]
    public void Long_targets_through_deep_made_up_paths_stay_cheap()
    {
        using var dir = new TempDir();
        // 500 links each naming 2,047 components that do not exist: no lookup below the first missing one.
        var tar = new TarBuilder(TarEntryFormat.Pax);
        var target = string.Join('/', Enumerable.Repeat("b", 2047));
        for (var i = 0; i < 500; i++) tar.Symlink($"m{i}", target);
        var archive = tar.Save(dir);
        var clock = Stopwatch.StartNew();
        Extract(archive, ArchiveFormat.Tar, dir.Combine("made-up"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");

        // Through a real folder 1,000 deep every lookup costs its depth, which is charged: refused after a few links
        // (making and removing the 1,000 folders takes most of the time here).
        var path = string.Join('/', Enumerable.Repeat("d", 1000));
        var deep = new TarBuilder(TarEntryFormat.Pax).Dir(path + "/");
        for (var i = 0; i < 2000; i++) deep.Symlink($"l{i}", path);
        clock.Restart();
        var ex = AssertRefused(EnvCode.ENV0210, deep.Save(dir, fileName: "deep.tar"), ArchiveFormat.Tar, dir);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Contains("took more than 4000000 steps", ex.Message);
        Assert.Matches("entry 'l[0-9]'", ex.Message);
    }

    [Fact]
    public void A_link_target_of_path_max_or_more_is_refused()
    {
        using var dir = new TempDir();
        var archive = new TarBuilder().Symlink("long", string.Join('/', Enumerable.Repeat("a", 2049))).Save(dir);
        var ex = AssertRefused(EnvCode.ENV0202, archive, ArchiveFormat.Tar, dir);
        Assert.Contains("longer than 4095", ex.Message);
    }

    [Fact]
    public void Errors_name_the_reported_file_not_the_archive_path()
    {
        using var dir = new TempDir();
        var archive = new TarBuilder().Symlink("up", "..").Save(dir);
        var ex = Assert.Throws<Diagnostics.EnvException>(() => ArchiveExtractor.Extract(archive, ArchiveFormat.Tar, dir.Combine("out"),
            new ExtractionOptions("https://example.test/t.tar", 1 << 20, StripRoot: false, ReportedFile: "/repo/env.proj")));
        Assert.Equal("/repo/env.proj", ex.File);
        Assert.Contains("Archive 'https://example.test/t.tar'", ex.Message);
        Assert.DoesNotContain(archive, ex.Message);
    }

    [Theory]
    [InlineData(ArchiveFormat.TarGzip)]
    [InlineData(ArchiveFormat.Zip)]
    public void Cancelling_stops_a_long_extraction_at_once_and_leaves_nothing(ArchiveFormat format)
    {
        using var dir = new TempDir();
        const int files = 100_000;
        string archive;
        if (format == ArchiveFormat.Zip)
        {
            var zip = new ZipBuilder();
            for (var i = 0; i < files; i++) zip.File($"d{i % 100}/f{i}", "x", level: System.IO.Compression.CompressionLevel.NoCompression);
            archive = Save(dir, zip.Bytes(), "many.zip");
        }
        else
        {
            var tar = new TarBuilder(TarEntryFormat.Ustar);
            for (var i = 0; i < files; i++) tar.File($"d{i % 100}/f{i}");
            archive = tar.Save(dir, format, "many.tar.gz");
        }
        var destination = dir.Combine("out");
        using var cancel = new CancellationTokenSource();
        var extraction = Task.Run(() => ArchiveExtractor.Extract(archive, format, destination, new ExtractionOptions("many", 1L << 30, StripRoot: false), cancel.Token));

        // Once it is well under way (files are landing), cancel, and it must stop promptly.
        var staging = Path.Combine(destination, ".envsdk-unpack");
        var wait = Stopwatch.StartNew();
        while (!(Directory.Exists(staging) && Directory.EnumerateDirectories(staging).Count() > 50) && !extraction.IsCompleted && wait.Elapsed < TimeSpan.FromSeconds(30))
            Thread.Sleep(5);
        Assert.False(extraction.IsCompleted, "the extraction should still be running when cancelled");
        var clock = Stopwatch.StartNew();
        cancel.Cancel();
        var thrown = Assert.ThrowsAny<OperationCanceledException>(() => extraction.GetAwaiter().GetResult());
        // Well under a second when the machine is idle; the slack is for a loaded CI machine.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"stopped after {clock.Elapsed}");
        Assert.Equal(cancel.Token, thrown.CancellationToken);
        Assert.False(Path.Exists(destination), "a cancelled extraction leaves nothing behind");
    }
}
