using System.Diagnostics;
using Env.Core.Diagnostics;

namespace Env.Core.Fetching;

/// <summary>
/// Reports a transfer every couple of seconds (size, rate, elapsed) so a large first build never looks
/// hung, without flooding the log for small files.
/// </summary>
internal sealed class TransferProgress
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(2);
    private readonly TimeSpan _interval;
    private readonly string _what;
    private readonly long? _total;
    private readonly IEnvLog _log;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _lastReport;

    public TransferProgress(string what, long? total, IEnvLog log, TimeSpan? interval = null)
    {
        _interval = interval ?? DefaultInterval;
        _what = what;
        _total = total;
        _log = log;
    }

    public long Bytes { get; private set; }

    public void Advance(int count)
    {
        Bytes += count;
        if (_clock.Elapsed - _lastReport < _interval) return;
        _lastReport = _clock.Elapsed;
        var of = _total is > 0 ? $" of {Size(_total.Value)} ({100 * Bytes / _total.Value}%)" : "";
        _log.Info($"Downloading {_what}: {Size(Bytes)}{of}, {Rate()}, {_clock.Elapsed.TotalSeconds:0}s");
    }

    public void Done() =>
        _log.Info($"Downloaded {_what}: {Size(Bytes)} in {_clock.Elapsed.TotalSeconds:0.0}s ({Rate()})");

    private string Rate()
    {
        var seconds = Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
        return $"{Size((long)(Bytes / seconds))}/s";
    }

    internal static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.0} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MiB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.0} KiB",
        _ => $"{bytes} B",
    };
}
