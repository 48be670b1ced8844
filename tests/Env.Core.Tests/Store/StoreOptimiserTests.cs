using Env.Core.Diagnostics;
using Env.Core.Store;

namespace Env.Core.Tests.Store;

/// <summary>Optimise links identical files (content and executable bit) to one copy; entries still verify; gc frees unused links.</summary>
public sealed class StoreOptimiserTests : IDisposable
{
    private readonly StoreFixture _s = new();

    public void Dispose() => _s.Dispose();

    private string File(string entry, string file) => Path.Combine(_s.Layout.EntryPath(entry), file);

    [Fact]
    public void Identical_files_share_one_inode_and_different_modes_do_not()
    {
        var big = new string('z', 10_000);
        var a = _s.Add("a-1.0", ("data", big), ("run*", "#!/bin/sh\n"), ("only-a", "a"));
        var b = _s.Add("b-1.0", ("data", big), ("run", "#!/bin/sh\n"), ("only-b", "b"));

        var report = new StoreOptimiser(_s.Layout, NullEnvLog.Instance).Optimise();

        Assert.Equal(2, report.Entries);
        Assert.Equal(6, report.Files);
        Assert.Equal(1, report.Linked);
        Assert.Equal(10_000, report.BytesSaved);
        Assert.Equal(FileStatus.Of(File(a, "data"))!.Value.Inode, FileStatus.Of(File(b, "data"))!.Value.Inode);
        Assert.NotEqual(FileStatus.Of(File(a, "run"))!.Value.Inode, FileStatus.Of(File(b, "run"))!.Value.Inode);
        Assert.Equal(3u, FileStatus.Of(File(a, "data"))!.Value.LinkCount);
        Assert.All(StoreVerifier.Verify(_s.Layout), r => Assert.True(r.Ok));
        Assert.Equal((UnixFileMode)0b101_101_101, System.IO.File.GetUnixFileMode(_s.Layout.EntryPath(b)));

        // A second run finds everything linked already.
        Assert.Equal(0, new StoreOptimiser(_s.Layout, NullEnvLog.Instance).Optimise().Linked);
    }

    [Fact]
    public void Gc_removes_links_nothing_uses_any_more()
    {
        var a = _s.Add("a-1.0", ("data", "same content"));
        var b = _s.Add("b-1.0", ("data", "same content"));
        new StoreOptimiser(_s.Layout, NullEnvLog.Instance).Optimise();
        Assert.Single(Directory.EnumerateFiles(_s.Layout.LinksDir));
        _s.ForgetOwnHolds();

        var report = new GarbageCollector(_s.Layout, NullEnvLog.Instance).Collect(dryRun: false);

        Assert.Equal(new[] { a, b }.Order(StringComparer.Ordinal), report.Removed.Order(StringComparer.Ordinal));
        Assert.Equal(1, report.UnusedLinks);
        Assert.Equal("same content".Length, report.FreedBytes);
        Assert.Empty(Directory.EnumerateFiles(_s.Layout.LinksDir));
    }

    [Fact]
    public async Task An_entry_added_while_optimise_runs_is_complete_and_left_for_next_time()
    {
        for (var i = 0; i < 20; i++) _s.Add($"e-{i}", ("data", "shared"), ("own", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var optimise = Task.Run(() => new StoreOptimiser(_s.Layout, NullEnvLog.Instance).Optimise());
        var added = Enumerable.Range(0, 20).Select(i => _s.Add($"late-{i}", ("data", "shared"))).ToList();
        await optimise;
        Assert.All(added, e => Assert.Equal("shared", System.IO.File.ReadAllText(File(e, "data"))));
        Assert.All(StoreVerifier.Verify(_s.Layout), r => Assert.True(r.Ok));
    }
}
