using System.Diagnostics;
using Env.Core.Fetching;
using Env.Core.Tests.Store;

namespace Env.Core.Tests.Fetching;

public sealed class DownloadCacheTests
{
    [Fact]
    public void Sweep_removes_partial_downloads_of_dead_processes_only()
    {
        using var temp = new TempDir();
        var cache = new DownloadCache(temp.Path);
        var ours = cache.NewTempPath();
        File.WriteAllText(ours, "in progress");
        var dead = Path.Combine(cache.Dir, $".tmp-{EnvStoreTests.DeadPid()}-{Guid.NewGuid():N}");
        File.WriteAllText(dead, "partial");
        var committed = Path.Combine(cache.Dir, "sha256-00");
        File.WriteAllText(committed, "done");
        using var live = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        try
        {
            var running = Path.Combine(cache.Dir, $".tmp-{live.Id}-{Guid.NewGuid():N}");
            File.WriteAllText(running, "partial");

            cache.SweepAbandonedTemp();

            Assert.False(File.Exists(dead), "a killed build's partial download is removed");
            Assert.True(File.Exists(running), "a running build's download is left alone");
            Assert.True(File.Exists(ours));
            Assert.True(File.Exists(committed));
        }
        finally
        {
            live.Kill();
            live.WaitForExit();
        }
    }
}
