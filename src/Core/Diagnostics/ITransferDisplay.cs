namespace Env.Core.Diagnostics;

/// <summary>
/// A log that draws transfers itself (the CLI's progress bar on a terminal). A log that is not one gets a plain line
/// every couple of seconds instead, which is what MSBuild's loggers and redirected output want.
/// </summary>
public interface ITransferDisplay
{
    /// <summary>Called often (at most ten times a second per transfer) while bytes arrive.</summary>
    void Show(TransferStatus status);

    /// <summary>The transfer ended (completed or not): whatever <see cref="Show"/> drew goes.</summary>
    void Done(TransferStatus status);
}

/// <summary>How far one transfer is.</summary>
/// <param name="Total">The size announced (Content-Length, or the lock's), when known.</param>
public readonly record struct TransferStatus(string What, long Bytes, long? Total, TimeSpan Elapsed)
{
    public double BytesPerSecond => Bytes / Math.Max(Elapsed.TotalSeconds, 0.001);

    /// <summary>The time left at the rate so far, when the total is known and something arrived.</summary>
    public TimeSpan? Eta => Total is > 0 && Bytes > 0 && Bytes <= Total
        ? TimeSpan.FromSeconds((Total.Value - Bytes) / BytesPerSecond)
        : null;

    /// <summary>A byte count as people read it: <c>22.3 MiB</c>.</summary>
    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.0} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MiB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.0} KiB",
        _ => $"{bytes} B",
    };

    /// <summary>A time left as people read it: <c>4s</c>, <c>2m05s</c>, <c>1h10m</c>.</summary>
    public static string Duration(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:00}m" : t.TotalMinutes >= 1 ? $"{(int)t.TotalMinutes}m{t.Seconds:00}s" : $"{Math.Ceiling(t.TotalSeconds):0}s";
}
