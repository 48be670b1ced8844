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

    public static DownloadLimits Default { get; } = new(DefaultMaxBytes, DefaultTimeout);
}
