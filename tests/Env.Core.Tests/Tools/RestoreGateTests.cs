using System.Diagnostics;
using Env.Core.Store;
using Env.Core.Tests.Fetching;
using Env.Core.Tools;

namespace Env.Core.Tests.Tools;

/// <summary>
/// The gate two restores of one env pass one at a time. Two gates in one process conflict as two processes' would
/// (flock is per open file), so most of this runs in threads; a killed holder is a real process (flock(1)).
/// </summary>
public sealed class RestoreGateTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);
    private readonly TempDir _dir = new();

    private StoreLayout Layout => new(_dir.Combine("store"));

    private string LockFile => _dir.Combine("repo", "env.lock.json");

    [Fact]
    public void A_second_restore_of_the_env_waits_for_the_first_and_names_its_process()
    {
        var log = new SharingLog();
        var first = RestoreGate.Enter(Layout, LockFile, Patience, new SharingLog(), CancellationToken.None);
        Assert.True(first.Held);

        var second = Task.Run(() => RestoreGate.Enter(Layout, LockFile, Patience, log, CancellationToken.None));
        WaitFor(() => log.Lines.Count > 0);
        Assert.False(second.IsCompleted, "the second restore waits while the first holds the gate");
        Assert.Contains($"Waiting for process {Environment.ProcessId}, which is restoring {LockFile}, to finish", log.Text);

        first.Dispose();
        using var entered = Finished(second);
        Assert.True(entered.Held);
        Assert.Single(log.Lines, l => l.StartsWith("info: ", StringComparison.Ordinal)); // said once, not every poll
    }

    [Fact]
    public void Restores_of_two_envs_do_not_wait_for_each_other()
    {
        var log = new SharingLog();
        using var first = RestoreGate.Enter(Layout, LockFile, Patience, log, CancellationToken.None);
        using var other = RestoreGate.Enter(Layout, _dir.Combine("other", "env.lock.json"), TimeSpan.Zero, log, CancellationToken.None);
        Assert.True(first.Held);
        Assert.True(other.Held);
        Assert.Empty(log.Lines);
    }

    [Fact]
    public void A_holder_that_is_killed_lets_the_waiting_restore_in_at_once()
    {
        // The gate's file, made by a first restore; then held by another process, as a build's would be.
        RestoreGate.Enter(Layout, LockFile, Patience, new SharingLog(), CancellationToken.None).Dispose();
        var gateFile = Assert.Single(Directory.GetFiles(Layout.LocksDir, "restore-*.lock"));
        using var holder = Process.Start(new ProcessStartInfo("flock", [gateFile, "-c", "echo held; exec sleep 300"])
        {
            UseShellExecute = false, RedirectStandardOutput = true,
        })!;
        try
        {
            Assert.Equal("held", holder.StandardOutput.ReadLine());
            var log = new SharingLog();
            var waiting = Task.Run(() => RestoreGate.Enter(Layout, LockFile, Patience, log, CancellationToken.None));
            WaitFor(() => log.Lines.Count > 0);
            // Its note is not there (flock wrote none): the line names no process rather than a wrong one.
            Assert.Contains("Waiting for another process, which is restoring", log.Text);
            Assert.False(waiting.IsCompleted);

            holder.Kill(entireProcessTree: true); // SIGKILL: nothing of the holder's runs to let go
            var clock = Stopwatch.StartNew();
            using var entered = Finished(waiting);
            Assert.True(entered.Held);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"entered {clock.Elapsed} after the kill");
        }
        finally
        {
            if (!holder.HasExited) holder.Kill(entireProcessTree: true);
            holder.WaitForExit();
        }
    }

    [Fact]
    public void Cancelling_a_waiting_restore_stops_the_wait_and_holds_nothing()
    {
        using var first = RestoreGate.Enter(Layout, LockFile, Patience, new SharingLog(), CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var log = new SharingLog();
        var waiting = Task.Run(() => RestoreGate.Enter(Layout, LockFile, Patience, log, cancel.Token));
        WaitFor(() => log.Lines.Count > 0);

        cancel.Cancel(); // what MSBuild does on Ctrl+C (ICancelableTask.Cancel)
        Assert.ThrowsAny<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult());
    }

    [Fact]
    public void A_holder_that_outlasts_the_patience_is_passed_and_the_line_says_so()
    {
        using var first = RestoreGate.Enter(Layout, LockFile, Patience, new SharingLog(), CancellationToken.None);
        var log = new SharingLog();

        using var passed = RestoreGate.Enter(Layout, LockFile, TimeSpan.FromMilliseconds(200), log, CancellationToken.None);

        Assert.False(passed.Held);
        Assert.Contains($"Still waiting after 0.2s for process {Environment.ProcessId} to finish restoring {LockFile}: restoring alongside it instead.", log.Text);
        // The holder still holds: passing took nothing from it.
        var again = RestoreGate.Enter(Layout, LockFile, TimeSpan.Zero, new SharingLog(), CancellationToken.None);
        Assert.False(again.Held);
    }

    [Fact]
    public void A_store_whose_locks_folder_cannot_be_made_is_restored_without_the_gate_not_waited_on()
    {
        Directory.CreateDirectory(Layout.StoreDir);
        File.WriteAllText(Layout.LocksDir, "a file where the folder belongs");
        var log = new SharingLog();

        using var passed = RestoreGate.Enter(Layout, LockFile, Patience, log, CancellationToken.None);

        Assert.False(passed.Held);
        Assert.Contains("restoring without it", log.Text);
        Assert.DoesNotContain(log.Lines, l => l.StartsWith("info: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Leaving_removes_the_note_and_keeps_the_lock_file()
    {
        var gate = RestoreGate.Enter(Layout, LockFile, Patience, new SharingLog(), CancellationToken.None);
        var note = Assert.Single(Directory.GetFiles(Layout.LocksDir, "restore-*.holder"));
        Assert.Equal($"{Environment.ProcessId}\n", File.ReadAllText(note));

        gate.Dispose();

        Assert.False(File.Exists(note));
        // Never deleted: a process could still hold it open, and a new file of the same name would let a second holder in.
        Assert.Single(Directory.GetFiles(Layout.LocksDir, "restore-*.lock"));
    }

    private static RestoreGate Finished(Task<RestoreGate> task)
    {
        Assert.True(task.Wait(TimeSpan.FromSeconds(30)), "the waiting restore entered");
        return task.Result;
    }

    private static void WaitFor(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30)) Assert.Fail("timed out");
            Thread.Sleep(10);
        }
    }

    public void Dispose() => _dir.Dispose();
}
