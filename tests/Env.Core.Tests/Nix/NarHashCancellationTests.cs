using System.Diagnostics;
using Env.Core.Nix;

namespace Env.Core.Tests.Nix;

/// <summary>Ctrl+C reaches the NAR hash of a large tree (issue 5, item 3).</summary>
public class NarHashCancellationTests
{
    [Fact]
    public void Cancelling_stops_hashing_a_large_file_at_once()
    {
        using var dir = new TempDir();
        var tree = Directory.CreateDirectory(dir.Combine("tree")).FullName;
        // Sparse: 8 GiB to hash (a minute or more of SHA-256) but no disk used.
        using (var file = File.Create(Path.Combine(tree, "big"))) file.SetLength(8L << 30);
        using var cancel = new CancellationTokenSource();
        var hashing = Task.Run(() => NarHasher.Sha256(tree, cancel.Token));
        Thread.Sleep(300);
        Assert.False(hashing.IsCompleted, "hashing 8 GiB should take longer than that");

        var clock = Stopwatch.StartNew();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => hashing.GetAwaiter().GetResult());
        // Well under a second when the machine is idle; the slack is for a loaded CI machine.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"stopped after {clock.Elapsed}");
    }

    [Fact]
    public void Cancelling_stops_hashing_a_tree_of_many_files()
    {
        using var dir = new TempDir();
        var tree = Directory.CreateDirectory(dir.Combine("tree")).FullName;
        for (var i = 0; i < 200; i++) File.WriteAllText(Path.Combine(tree, $"f{i}"), "x");
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => NarHasher.Sha256(tree, cancel.Token));
    }
}
