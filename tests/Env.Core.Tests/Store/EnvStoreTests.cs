using System.Diagnostics;
using Env.Core.Diagnostics;
using Env.Core.Nix;
using Env.Core.Store;
using Env.Core.Tests.Nix;

namespace Env.Core.Tests.Store;

/// <summary>
/// The store's crash and concurrency guarantees, in-process: one entry per content however many writers,
/// staging of dead processes swept (and only theirs), sealed entries, nothing left by a refused add, and
/// entry names that agree with nix-store.
/// </summary>
public sealed class EnvStoreTests : IDisposable
{
    private const UnixFileMode R = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode RX = R | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private readonly TempDir _temp = new("envsdk-store-test-");

    public void Dispose() => _temp.Dispose();

    private EnvStore NewStore() => new(_temp.Combine("store"), NullEnvLog.Instance);

    /// <summary>A small tool-like tree: an executable, a data file, a subfolder and a relative symlink.</summary>
    private static string Stage(string path, string flavour = "")
    {
        Directory.CreateDirectory(Path.Combine(path, "bin"));
        Directory.CreateDirectory(Path.Combine(path, "share", "doc"));
        File.WriteAllText(Path.Combine(path, "bin", "tool"), "#!/bin/sh\necho tool" + flavour + "\n");
        File.SetUnixFileMode(Path.Combine(path, "bin", "tool"), (UnixFileMode)0b111_101_101);
        File.WriteAllText(Path.Combine(path, "share", "doc", "README"), "readme\n");
        File.SetUnixFileMode(Path.Combine(path, "share", "doc", "README"), (UnixFileMode)0b110_100_100);
        File.CreateSymbolicLink(Path.Combine(path, "tool-link"), "bin/tool");
        return path;
    }

    private static string[] Entries(EnvStore store) =>
        Directory.EnumerateFileSystemEntries(store.Layout.StoreDir).Select(Path.GetFileName).Where(n => !n!.StartsWith('.')).Order(StringComparer.Ordinal).ToArray()!;

    private static string[] Staging(EnvStore store) =>
        Directory.Exists(store.Layout.TempDir) ? Directory.GetFileSystemEntries(store.Layout.TempDir) : [];

    [Fact]
    public void Concurrent_adds_of_the_same_content_converge_to_one_entry()
    {
        var store = NewStore();
        const int writers = 8;
        var stagings = Enumerable.Range(0, writers).Select(_ => Stage(store.NewStagingPath("same"))).ToArray();
        using var start = new Barrier(writers);

        var results = new StoreEntry[writers];
        var threads = Enumerable.Range(0, writers).Select(i => new Thread(() =>
        {
            start.SignalAndWait();
            results[i] = store.Add(stagings[i], "same-1.0", expectedNarHash: null);
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Single(results.Select(r => r.Path).Distinct());
        Assert.Single(results.Select(r => r.NarHash).Distinct());
        Assert.Equal([results[0].Name], Entries(store));
        Assert.Empty(Staging(store));
        Assert.Equal("#!/bin/sh\necho tool\n", File.ReadAllText(Path.Combine(results[0].Path, "bin", "tool")));
    }

    [Fact]
    public async Task Concurrent_adds_from_several_stores_on_one_folder_converge_to_one_entry()
    {
        // Separate EnvStore objects share nothing in memory, as separate build processes: only the lock file does.
        const int writers = 6;
        var stores = Enumerable.Range(0, writers).Select(_ => NewStore()).ToArray();
        var stagings = stores.Select(s => Stage(s.NewStagingPath("shared"))).ToArray();
        using var start = new Barrier(writers);

        var tasks = Enumerable.Range(0, writers).Select(i => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            return stores[i].Add(stagings[i], "shared-2.0", expectedNarHash: null);
        }, TaskCreationOptions.LongRunning)).ToArray();
        var results = await Task.WhenAll(tasks);

        Assert.Single(results.Select(r => r.Name).Distinct());
        Assert.Single(Entries(stores[0]));
        Assert.Empty(Staging(stores[0]));
    }

    [Fact]
    public void Sweep_removes_staging_of_a_dead_process_and_keeps_staging_of_a_live_one()
    {
        var store = NewStore();
        Directory.CreateDirectory(store.Layout.TempDir);
        var deadPid = DeadPid();
        using var live = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        try
        {
            // A half-unpacked tree of a killed build, partly sealed already (the seal runs just before the rename).
            var dead = Stage(Path.Combine(store.Layout.TempDir, $"{deadPid}-{Guid.NewGuid():N}-killed"));
            ReadOnlyTree.Seal(dead, includeRoot: false);
            var liveStaging = Stage(Path.Combine(store.Layout.TempDir, $"{live.Id}-{Guid.NewGuid():N}-busy"));
            var ours = Stage(store.NewStagingPath("ours"));
            var foreign = Directory.CreateDirectory(Path.Combine(store.Layout.TempDir, "not-a-pid")).FullName;

            store.SweepAbandonedStaging();

            Assert.False(Directory.Exists(dead), "staging of a dead process is swept");
            Assert.True(Directory.Exists(liveStaging), "staging of a running process is left alone");
            Assert.True(Directory.Exists(ours), "our own staging is left alone");
            Assert.True(Directory.Exists(foreign), "names the store did not make are left alone");
        }
        finally
        {
            live.Kill();
            live.WaitForExit();
        }
    }

    [Fact]
    public void Sweep_treats_a_zombie_as_dead()
    {
        // A build killed with its whole tree is reparented to pid 1; in a container whose pid 1 does not reap
        // (no --init), it stays a zombie for good, and its staging must still be swept.
        var store = NewStore();
        using var parent = Process.Start(new ProcessStartInfo("sh", ["-c", "sleep 0 & echo $!; exec sleep 60"]) { UseShellExecute = false, RedirectStandardOutput = true })!;
        try
        {
            var zombie = int.Parse(parent.StandardOutput.ReadLine()!);
            var clock = Stopwatch.StartNew();
            while (!File.ReadAllText($"/proc/{zombie}/stat").Contains(") Z "))
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the child becomes a zombie");
                Thread.Sleep(10);
            }
            var staging = Stage(Path.Combine(store.Layout.TempDir, $"{zombie}-{Guid.NewGuid():N}-zombie"));

            store.SweepAbandonedStaging();

            Assert.False(Directory.Exists(staging), "staging of a zombie is swept");
        }
        finally
        {
            parent.Kill();
            parent.WaitForExit();
        }
    }

    [Fact]
    public void Entries_are_sealed_read_only_as_nix_leaves_them()
    {
        var store = NewStore();
        var entry = store.Add(Stage(store.NewStagingPath("sealed")), "sealed-1.0", expectedNarHash: null);

        Assert.Equal(RX, File.GetUnixFileMode(entry.Path));
        Assert.Equal(RX, File.GetUnixFileMode(Path.Combine(entry.Path, "bin")));
        Assert.Equal(RX, File.GetUnixFileMode(Path.Combine(entry.Path, "share")));
        Assert.Equal(RX, File.GetUnixFileMode(Path.Combine(entry.Path, "share", "doc")));
        Assert.Equal(RX, File.GetUnixFileMode(Path.Combine(entry.Path, "bin", "tool")));
        Assert.Equal(R, File.GetUnixFileMode(Path.Combine(entry.Path, "share", "doc", "README")));
        Assert.Equal("bin/tool", new FileInfo(Path.Combine(entry.Path, "tool-link")).LinkTarget);
    }

    [Fact]
    public void Adding_again_seals_an_entry_root_left_writable_by_a_kill_between_the_rename_and_the_seal()
    {
        var store = NewStore();
        var entry = store.Add(Stage(store.NewStagingPath("half")), "half-1.0", expectedNarHash: null);
        // The root must stay writable until it is renamed into the store; a kill right after the rename leaves it so.
        File.SetUnixFileMode(entry.Path, (UnixFileMode)0b111_101_101);

        var again = store.Add(Stage(store.NewStagingPath("half")), "half-1.0", entry.NarHash);

        Assert.Equal(entry, again);
        Assert.Equal(RX, File.GetUnixFileMode(entry.Path));
    }

    [Fact]
    public void Add_with_a_wrong_expected_nar_hash_throws_ENV0303_and_leaves_no_entry_and_no_staging()
    {
        var store = NewStore();
        var staging = Stage(store.NewStagingPath("wrong"));
        var wrong = new ContentHash(HashAlgorithmKind.Sha256, new byte[32]);

        var ex = Assert.Throws<EnvException>(() => store.Add(staging, "wrong-1.0", wrong, "env.proj"));

        Assert.Equal(EnvCode.ENV0303, ex.Code);
        Assert.Equal("env.proj", ex.File);
        Assert.Empty(Entries(store));
        Assert.False(Directory.Exists(staging));
        Assert.Empty(Staging(store));
    }

    [Fact]
    public void Add_with_the_right_expected_nar_hash_adds_the_entry()
    {
        var store = NewStore();
        var reference = Stage(_temp.Combine("reference"));
        var expected = new ContentHash(HashAlgorithmKind.Sha256, NarHasher.Sha256(reference));

        var entry = store.Add(Stage(store.NewStagingPath("right")), "right-1.0", expected);

        Assert.Equal(expected, entry.NarHash);
        Assert.Equal([entry.Name], Entries(store));
        Assert.Equal(expected.Bytes, NarHasher.Sha256(entry.Path));
    }

    [Fact]
    public void Adding_content_that_is_already_there_keeps_the_entry_and_drops_the_staging()
    {
        var store = NewStore();
        var first = store.Add(Stage(store.NewStagingPath("again")), "again-1.0", expectedNarHash: null);
        var before = Directory.GetLastWriteTimeUtc(first.Path);
        var staging = Stage(store.NewStagingPath("again"));

        var second = store.Add(staging, "again-1.0", first.NarHash);

        Assert.Equal(first, second);
        Assert.Equal(before, Directory.GetLastWriteTimeUtc(first.Path));
        Assert.False(Directory.Exists(staging));
        Assert.Empty(Staging(store));
    }

    [Fact]
    public void Entry_name_equals_the_path_nix_store_add_fixed_recursive_sha256_prints()
    {
        using var nix = new NixOracle();
        var store = NewStore();
        const string name = "oracle-tool-1.2.3";
        // nix-store names the path after the folder's base name, so the reference copy carries the entry's name.
        var reference = Stage(_temp.Combine("reference", name));
        RandomTree.Create(Path.Combine(reference, "random"), seed: 7);
        var staging = Stage(store.NewStagingPath(name));
        RandomTree.Create(Path.Combine(staging, "random"), seed: 7);

        var entry = store.Add(staging, name, expectedNarHash: null);

        Assert.Equal(nix.AddFixed(reference), "/nix/store/" + entry.Name);
        Assert.Equal(nix.HashHex(entry.Path), entry.NarHash.ToHex());
    }

    /// <summary>The pid of a process that has exited and been reaped.</summary>
    internal static int DeadPid()
    {
        using var p = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        p.WaitForExit();
        return p.Id;
    }
}
