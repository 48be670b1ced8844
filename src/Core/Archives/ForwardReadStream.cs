namespace Env.Core.Archives;

/// <summary>
/// A forward-only, read-only stream over another, which it owns. Subclasses see every byte read through
/// <see cref="Observe"/>; everything else a Stream must answer is said once, here.
/// </summary>
internal abstract class ForwardReadStream(Stream inner) : Stream
{
    protected long BytesRead { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        BytesRead += n;
        Observe(buffer[..n]);
        return n;
    }

    /// <summary>Called with each chunk just read (empty at the end of the stream).</summary>
    protected abstract void Observe(ReadOnlySpan<byte> chunk);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
