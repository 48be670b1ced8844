using System.Diagnostics;
using Env.Core.Diagnostics;
using Env.Core.Store;

namespace Env.Core.Tests.Store;

/// <summary>
/// The collector on a real store: references found by scanning (files and link targets), the closure of roots kept,
/// dangling roots dropped, process roots of living and dead processes (real child processes), an interrupted removal,
/// and builds running while it collects.
/// </summary>
public sealed class GarbageCollectorTests : IDisposable
{
    private readonly StoreFixture _s = new();

    public void Dispose() => _s.Dispose();

    private GcReport Collect(bool dryRun = false) => new GarbageCollector(_s.Layout, NullEnvLog.Instance).Collect(dryRun);

    [Theory]
    [InlineData(".refs")]
    [InlineData(".locks")]
    [InlineData(".tmp")]
    [InlineData(".links")]
    [InlineData(".roots")]
    public void A_bookkeeping_folder_that_is_a_link_stops_gc_before_anything_is_deleted_in_its_target(string folder)
    {
        _s.Add("tool-1.0", ("bin/tool*", "#!/bin/sh\necho hi\n"));
        var bookkeeping = Path.Combine(_s.Layout.StoreDir, folder);
        if (Directory.Exists(bookkeeping)) Directory.Delete(bookkeeping, recursive: true);
        // Someone's folder, with files named as gc sweeps them: a ref cache of a gone entry, a lock, dead staging, an unused link.
        var victim = _s.Combine("victim");
        Directory.CreateDirectory(victim);
        string[] names = ["0000000000000000000000000000000a-gone", "0000000000000000000000000000000a-gone.lock", "999999-abandoned", "unused"];
        foreach (var name in names) File.WriteAllText(Path.Combine(victim, name), "mine");
        Directory.CreateSymbolicLink(bookkeeping, victim);

        var ex = Assert.Throws<EnvException>(() => Collect());
        Assert.Equal(EnvCode.ENV0320, ex.Code);
        Assert.Contains(bookkeeping, ex.Message);
        Assert.All(names, n => Assert.True(File.Exists(Path.Combine(victim, n)), n));
        Assert.Equal(EnvCode.ENV0320, Assert.Throws<EnvException>(() => _s.Store.SweepAbandonedStaging()).Code);
    }

    [Fact]
    public void References_are_found_in_file_contents_and_link_targets_and_cached()
    {
        var tool = _s.Add("tool-1.0", ("bin/tool*", "#!/bin/sh\necho hi\n"));
        var lib = _s.Add("lib-2.0", ("lib.so", "binary\0data"));
        var profile = _s.Add("env-profile",
            ("bin/shim*", $"#!/bin/sh\nexec dotnet {_s.Layout.EntryPath(lib)}/lib.so \"$@\"\n"),
            ("@bin/tool", _s.Layout.EntryPath(tool) + "/bin/tool"));

        var hashes = EntryReferences.HashesIn(_s.Layout, profile);

        Assert.Equal(new[] { StoreEntryName.HashPart(lib), StoreEntryName.HashPart(tool) }.Order(), hashes.Order());
        Assert.True(File.Exists(Path.Combine(_s.Layout.RefsDir, profile)));
        Assert.Empty(EntryReferences.HashesIn(_s.Layout, tool));
    }

    [Fact]
    public void A_hash_split_across_read_chunks_is_still_found()
    {
        var tool = _s.Add("tool-1.0", ("a", "x"));
        var padding = new string('x', (1 << 20) - 10);
        var big = _s.Add("big-1.0", ("data", padding + "/store/" + tool + "/bin"));
        Assert.Contains(StoreEntryName.HashPart(tool), EntryReferences.HashesIn(_s.Layout, big));
    }

    [Fact]
    public void Gc_keeps_the_closure_of_roots_and_removes_everything_else()
    {
        var tool = _s.Add("tool-1.0", ("bin/tool*", "#!/bin/sh\n"));
        var profile = _s.Add("env-profile", ("@bin/tool", _s.Layout.EntryPath(tool) + "/bin/tool"));
        var orphan = _s.Add("orphan-1.0", ("f", "unused"));
        _s.Root(profile, "checkout");
        _s.ForgetOwnHolds();

        var dry = Collect(dryRun: true);
        Assert.Equal([orphan], dry.Removed);
        Assert.True(_s.Has(orphan));
        Assert.Equal(6, dry.FreedBytes);

        var report = Collect();

        Assert.Equal([orphan], report.Removed);
        Assert.Equal(6, report.FreedBytes);
        Assert.True(_s.Has(tool) && _s.Has(profile));
        Assert.False(_s.Has(orphan));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_s.Layout.TempDir));
    }

    [Fact]
    public void A_root_whose_checkout_is_gone_is_dropped_and_its_entries_freed()
    {
        var tool = _s.Add("tool-1.0", ("bin/tool*", "#!/bin/sh\n"));
        var profile = _s.Add("env-profile", ("@bin/tool", _s.Layout.EntryPath(tool) + "/bin/tool"));
        var kept = _s.Add("kept-profile", ("f", "kept"));
        _s.Root(profile, "gone");
        _s.Root(kept, "stays");
        _s.ForgetOwnHolds();
        TempDir.ForceDelete(_s.Combine("gone"));

        var report = Collect();

        Assert.Single(report.DroppedRoots);
        Assert.Equal(Path.Combine(_s.Combine("gone"), ".envsdk", "profile"), report.DroppedRoots[0].Link);
        Assert.Equal(new[] { tool, profile }.Order(StringComparer.Ordinal), report.Removed.Order(StringComparer.Ordinal));
        Assert.True(_s.Has(kept));
        Assert.Single(GcRoots.Enumerate(_s.Layout));
    }

    [Fact]
    public void A_dev_shell_keeps_the_tools_its_env_json_names_that_no_profile_file_does()
    {
        var pointer = _s.Add("tool-1.0", ("DotnetToolSettings.xml", "<pointer/>"));
        var profile = _s.Add("env-profile", ("bin/x", "x"));
        var other = _s.Add("other-1.0", ("f", "y"));
        var link = _s.Root(profile, "checkout");
        File.WriteAllText(Path.Combine(Path.GetDirectoryName(link)!, "env.json"), $"{{\"tools\":[{{\"storePath\":\"{_s.Layout.EntryPath(pointer)}\"}}]}}");
        _s.ForgetOwnHolds();

        Assert.Equal([other], Collect().Removed);
        Assert.True(_s.Has(pointer));
    }

    [Fact]
    public void A_root_whose_link_dangles_in_an_existing_checkout_stays()
    {
        var profile = _s.Add("env-profile", ("f", "x"));
        var link = _s.Root(profile, "checkout");
        AtomicFile.ReplaceSymlink(link, _s.Layout.EntryPath("00000000000000000000000000000000-gone"));
        _s.ForgetOwnHolds();

        var report = Collect();

        Assert.Empty(report.DroppedRoots);
        Assert.Equal([profile], report.Removed);
        Assert.Single(GcRoots.Enumerate(_s.Layout));
    }

    [Fact]
    public void A_living_process_keeps_what_it_holds_and_a_dead_ones_record_is_dropped()
    {
        var held = _s.Add("held-1.0", ("f", "held"));
        var released = _s.Add("released-1.0", ("f", "released"));
        _s.ForgetOwnHolds();
        using var living = Process.Start(new ProcessStartInfo("sleep", "60"))!;
        using var dead = Process.Start(new ProcessStartInfo("true"))!;
        dead.WaitForExit();
        ProcessRoots.Record(_s.Layout, [held], living.Id);
        ProcessRoots.Record(_s.Layout, [released], dead.Id);
        try
        {
            var report = Collect();
            Assert.Equal([released], report.Removed);
            Assert.Equal(1, report.DeadProcessRecords);
            Assert.True(_s.Has(held));
            Assert.False(File.Exists(Path.Combine(_s.Layout.ProcessRootsDir, $"{dead.Id}-held")));

            living.Kill();
            living.WaitForExit();
            report = Collect();
            Assert.Equal([held], report.Removed);
        }
        finally
        {
            if (!living.HasExited) living.Kill();
        }
    }

    [Fact]
    public void Hold_records_the_entries_for_this_process_and_refuses_a_missing_one()
    {
        var entry = _s.Add("tool-1.0", ("f", "x"));
        _s.ForgetOwnHolds();
        ProcessRoots.Hold(_s.Layout, [entry]);
        Assert.Empty(Collect().Removed);

        var e = Assert.Throws<EnvException>(() => ProcessRoots.Hold(_s.Layout, ["00000000000000000000000000000000-missing"]));
        Assert.Equal(EnvCode.ENV0310, e.Code);
    }

    [Fact]
    public void An_interrupted_removal_leaves_no_entry_and_the_next_gc_finishes_it()
    {
        var entry = _s.Add("tool-1.0", ("bin/tool*", "x"), ("share/doc", "y"));
        _s.ForgetOwnHolds();
        // What a gc killed between its rename and the end of its delete leaves: half a tree under a dead pid's name.
        using var dead = Process.Start(new ProcessStartInfo("true"))!;
        dead.WaitForExit();
        var aside = Path.Combine(_s.Layout.TempDir, $"{dead.Id}-0-removed-{entry}");
        ReadOnlyTree.Unseal(_s.Layout.EntryPath(entry));
        Directory.Move(_s.Layout.EntryPath(entry), aside);
        File.Delete(Path.Combine(aside, "share", "doc"));
        ReadOnlyTree.Seal(aside);

        Assert.DoesNotContain(entry, StoreEntryName.InStore(_s.Layout));
        var report = Collect();
        Assert.Equal(1, report.AbandonedStaging);
        Assert.False(Directory.Exists(aside));
    }

    [Fact]
    public void Stale_locks_and_cached_references_of_removed_entries_go()
    {
        var entry = _s.Add("tool-1.0", ("f", "x"));
        EntryReferences.HashesIn(_s.Layout, entry);
        _s.ForgetOwnHolds();
        Assert.True(File.Exists(Path.Combine(_s.Layout.LocksDir, entry + ".lock")));

        var report = Collect();

        Assert.Equal(1, report.StaleLocks);
        Assert.False(File.Exists(Path.Combine(_s.Layout.LocksDir, entry + ".lock")));
        Assert.False(File.Exists(Path.Combine(_s.Layout.RefsDir, entry)));
        Assert.True(File.Exists(_s.Layout.GcLockPath));
    }

    [Fact]
    public async Task Gc_running_in_a_loop_never_removes_what_a_concurrent_build_adds_or_reuses()
    {
        using var stop = new CancellationTokenSource();
        using var started = new ManualResetEventSlim();
        var collections = 0;
        var collector = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                started.Set();
                Collect();
                Interlocked.Increment(ref collections);
            }
        });
        started.Wait(TimeSpan.FromSeconds(30));
        try
        {
            for (var i = 0; i < 40; i++)
            {
                var entry = _s.Add($"tool-{i}", ("f", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                Assert.True(_s.Has(entry));
                Assert.True(_s.Store.TryHold(entry));
                Assert.True(File.Exists(Path.Combine(_s.Layout.EntryPath(entry), "f")));
            }
        }
        finally
        {
            while (Volatile.Read(ref collections) < 3 && !collector.IsCompleted) await Task.Delay(10);
            stop.Cancel();
            await collector;
        }
        Assert.True(collections >= 3);
        Assert.Equal(40, StoreEntryName.InStore(_s.Layout).Count);
    }
}
