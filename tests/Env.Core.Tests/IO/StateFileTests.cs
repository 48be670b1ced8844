using System.Diagnostics;

namespace Env.Core.Tests.IO;

/// <summary>
/// The one reader of state files (issue 16, item 13): a regular file is read; a fifo, a link (to /dev/zero or to a real
/// file), a device, a folder or an oversized file is refused at once, never waited on or loaded.
/// </summary>
public sealed class StateFileTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    internal static void MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path])!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }

    private StateFileException Refused(string path, string why)
    {
        var clock = Stopwatch.StartNew();
        var ex = Assert.Throws<StateFileException>(() => StateFile.TryRead(path, 1024));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Contains(why, ex.Why);
        Assert.Contains(path, ex.Message);
        return ex;
    }

    [Fact]
    public void A_regular_file_is_read_and_a_missing_one_is_null()
    {
        var path = _dir.Combine("state.json");
        File.WriteAllText(path, "{}");
        Assert.Equal("{}"u8.ToArray(), StateFile.TryRead(path, 1024));
        Assert.Equal("{}", StateFile.TryReadText(path, 2));
        Assert.Null(StateFile.TryRead(_dir.Combine("absent.json"), 1024));
        Assert.Null(StateFile.TryRead(_dir.Combine("no", "such", "folder.json"), 1024));
    }

    [Fact]
    public void A_fifo_is_refused_without_waiting_for_a_writer()
    {
        var path = _dir.Combine("run-lock.json");
        MakeFifo(path);
        Refused(path, "fifo");
        Assert.False(StateFile.IsRegular(path));
    }

    [Fact]
    public void A_link_to_dev_zero_or_to_a_real_file_is_refused()
    {
        var zero = _dir.Combine("zero.json");
        File.CreateSymbolicLink(zero, "/dev/zero");
        Refused(zero, "symbolic link");
        var real = _dir.Combine("real.json");
        File.WriteAllText(real, "{}");
        var link = _dir.Combine("link.json");
        File.CreateSymbolicLink(link, real);
        Refused(link, "symbolic link");
        Assert.False(StateFile.IsRegular(link));
    }

    [Fact]
    public void A_device_or_a_folder_is_refused()
    {
        Refused("/dev/zero", "character device");
        Directory.CreateDirectory(_dir.Combine("folder.json"));
        Refused(_dir.Combine("folder.json"), "not a regular file");
    }

    [Fact]
    public void A_file_over_the_bound_is_refused_and_one_at_the_bound_read()
    {
        var path = _dir.Combine("big.json");
        File.WriteAllBytes(path, new byte[1025]);
        Refused(path, "more than the 1024 bytes");
        File.WriteAllBytes(path, new byte[1024]);
        Assert.Equal(1024, StateFile.TryRead(path, 1024)!.Length);
    }
}
