namespace Env.Core.Fetching;

/// <summary>
/// The bytes one restore took from the network, summed across its parallel downloads (archives and packages),
/// for the summary a build ends with. Cache hits and file:// copies are not downloads and are not counted.
/// </summary>
public sealed class TransferTotals
{
    private long _bytes;
    private int _files;

    public long Bytes => Interlocked.Read(ref _bytes);

    public int Files => Volatile.Read(ref _files);

    public void Add(long bytes)
    {
        Interlocked.Add(ref _bytes, bytes);
        Interlocked.Increment(ref _files);
    }
}
