using System.Diagnostics;
using Env.Core.Diagnostics;

namespace Env.Core.Fetching;

/// <summary>
/// Reports a transfer so a large download never looks hung: to a log that draws transfers (<see cref="ITransferDisplay"/>,
/// the CLI's bar) up to ten times a second, to any other log a line every couple of seconds (size, rate, time left),
/// without flooding it for small files.
/// </summary>
internal sealed class TransferProgress
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan DisplayInterval = TimeSpan.FromMilliseconds(100);
    private readonly TimeSpan _interval;
    private readonly string _what;
    private readonly long? _total;
    private readonly IEnvLog _log;
    private readonly ITransferDisplay? _display;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _lastReport;

    public TransferProgress(string what, long? total, IEnvLog log, TimeSpan? interval = null)
    {
        _display = log as ITransferDisplay;
        _interval = interval ?? (_display is null ? DefaultInterval : DisplayInterval);
        _what = what;
        _total = total;
        _log = log;
    }

    public long Bytes { get; private set; }

    private TransferStatus Status => new(_what, Bytes, _total, _clock.Elapsed);

    public void Advance(int count)
    {
        Bytes += count;
        if (_clock.Elapsed - _lastReport < _interval) return;
        _lastReport = _clock.Elapsed;
        if (_display is not null)
        {
            _display.Show(Status);
            return;
        }
        var status = Status;
        var of = _total is > 0 ? $" of {Size(_total.Value)} ({100 * Bytes / _total.Value}%)" : "";
        var left = status.Eta is { } eta ? $", {Duration(eta)} left" : "";
        _log.Info($"Downloading {_what}: {Size(Bytes)}{of}, {Size((long)status.BytesPerSecond)}/s, {_clock.Elapsed.TotalSeconds:0}s{left}");
    }

    public void Done()
    {
        _display?.Done(Status);
        _log.Info($"Downloaded {_what}: {Size(Bytes)} in {_clock.Elapsed.TotalSeconds:0.0}s ({Size((long)Status.BytesPerSecond)}/s)");
    }

    internal static string Size(long bytes) => TransferStatus.Size(bytes);

    private static string Duration(TimeSpan t) => TransferStatus.Duration(t);
}
