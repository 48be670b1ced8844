using System.Diagnostics;
using Env.Core.IO;

namespace Env.Core.Tests.IO;

/// <summary>
/// The one wait every Env.Sdk lock uses. Two opens in one process conflict as two processes' would (flock is per open
/// file), so a second stream stands in for another process.
/// </summary>
public sealed class AdvisoryLockTests : IDisposable
{
    private readonly TempDir _dir = new();

    [Fact]
    public void An_exclusive_lock_held_elsewhere_is_waited_for_then_given_up_with_null_and_one_notice()
    {
        var path = _dir.Combine("a.lock");
        using var first = AdvisoryLock.TryTake(path, exclusive: true);
        Assert.NotNull(first);
        var notices = 0;
        var clock = Stopwatch.StartNew();
        var second = AdvisoryLock.Wait(path, exclusive: true, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(20), () => notices++);
        Assert.Null(second);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(300), $"waited {clock.Elapsed}");
        Assert.Equal(1, notices);
    }

    [Fact]
    public async Task A_lock_let_go_while_waiting_is_taken()
    {
        var path = _dir.Combine("a.lock");
        var first = AdvisoryLock.TryTake(path, exclusive: true)!;
        var waiting = Task.Run(() => AdvisoryLock.Wait(path, exclusive: true, TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(20)));
        await Task.Delay(200);
        Assert.False(waiting.IsCompleted);
        first.Dispose();
        using var second = await waiting;
        Assert.NotNull(second);
    }

    [Fact]
    public void Shared_locks_go_together_and_an_exclusive_one_waits_for_them()
    {
        var path = _dir.Combine("gc.lock");
        using var a = AdvisoryLock.TryTake(path, exclusive: false);
        using var b = AdvisoryLock.TryTake(path, exclusive: false);
        Assert.NotNull(a);
        Assert.NotNull(b);
        Assert.Null(AdvisoryLock.TryTake(path, exclusive: true));
    }

    [Fact]
    public void A_failure_other_than_another_holder_is_thrown_at_once_not_waited_into_a_timeout()
    {
        var path = _dir.Combine("a.lock");
        Directory.CreateDirectory(path);
        var clock = Stopwatch.StartNew();
        Assert.ThrowsAny<Exception>(() => AdvisoryLock.Wait(path, exclusive: true, TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(20)));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public void A_cancelled_wait_stops()
    {
        var path = _dir.Combine("a.lock");
        using var first = AdvisoryLock.TryTake(path, exclusive: true);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        Assert.Throws<OperationCanceledException>(() => AdvisoryLock.Wait(path, exclusive: true, TimeSpan.FromMinutes(1), TimeSpan.FromMilliseconds(20), ct: cts.Token));
    }

    public void Dispose() => _dir.Dispose();
}
