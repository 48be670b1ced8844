using System.Globalization;
using Env.Core.Diagnostics;

namespace Env.Core.Fetching;

/// <summary>
/// What one download may cost: a hostile or broken server can stream zeros for ever or send a byte every few
/// seconds (which no stall timeout notices). Both are cut off here, and the partial file is discarded.
/// </summary>
/// <param name="MaxBytes">
/// The most bytes a download may have when the lock records no size (<c>EnvMaxDownloadSize</c>). With a recorded
/// size the download may not exceed that instead (nor this).
/// </param>
/// <param name="Timeout">How long one download may take, retries included (<c>EnvDownloadTimeout</c>).</param>
public sealed record DownloadLimits(long MaxBytes, TimeSpan Timeout)
{
    /// <summary>4 GiB: above any tool archive we know of, half of the default unpacked-size limit.</summary>
    public const long DefaultMaxBytes = 4L << 30;

    /// <summary>30 minutes: 4 GiB at about 2.5 MB/s.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30);

    /// <summary>60 seconds without a byte (or without response headers) is a stall.</summary>
    public static readonly TimeSpan DefaultStallTimeout = TimeSpan.FromSeconds(60);

    public static DownloadLimits Default { get; } = new(DefaultMaxBytes, DefaultTimeout);

    /// <summary>How long a transfer may go without receiving a byte (ENVSDK_STALL_TIMEOUT, for tests and slow links).</summary>
    public TimeSpan StallTimeout { get; init; } = DefaultStallTimeout;

    /// <summary>These limits with ENVSDK_STALL_TIMEOUT's seconds applied (as the machine gives them; unset or not a positive number: unchanged).</summary>
    public DownloadLimits WithStallTimeout(string? seconds) =>
        int.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0 ? this with { StallTimeout = TimeSpan.FromSeconds(s) } : this;

    /// <summary>Reads the two properties as MSBuild passes them (text); empty means the default.</summary>
    /// <param name="file">env.proj, named if a value is not a positive whole number (ENV0031).</param>
    public static DownloadLimits Parse(string? maxBytes, string? timeoutSeconds, string? file) =>
        new(Positive("EnvMaxDownloadSize", maxBytes, DefaultMaxBytes, "bytes", file),
            // More than a century is "no deadline"; TimeSpan and timers cannot hold much more.
            TimeSpan.FromSeconds(Math.Min(Positive("EnvDownloadTimeout", timeoutSeconds, (long)DefaultTimeout.TotalSeconds, "seconds", file), 100L * 365 * 24 * 3600)));

    private static long Positive(string property, string? text, long fallback, string unit, string? file)
    {
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0) return value;
        throw new EnvException(EnvCode.ENV0031,
            $"{property}=\"{text}\" is not a whole number of {unit} greater than 0. Set it to one (for example in env.proj's PropertyGroup), or remove it for the default.",
            file);
    }

    /// <summary>
    /// A token source that cancels when the whole download has taken <see cref="Timeout"/>: one clock, retries
    /// included, that a server trickling a byte a second cannot reset.
    /// </summary>
    public CancellationTokenSource Deadline(CancellationToken ct)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // Timers hold at most about 49 days; a longer deadline is no deadline.
        if (Timeout < TimeSpan.FromDays(45)) deadline.CancelAfter(Timeout);
        return deadline;
    }
}
