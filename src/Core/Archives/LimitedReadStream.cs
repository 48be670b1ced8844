namespace Env.Core.Archives;

/// <summary>
/// Caps the decompressed bytes read from a tar stream, headers included. File content is already bounded by
/// <see cref="ByteBudget"/>, but huge pax headers or millions of empty entries are not content; this bounds them too.
/// </summary>
internal sealed class LimitedReadStream(Stream inner, long limit, ArchiveErrors errors) : Stream
{
    private long _read;

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    private int Count(int n)
    {
        _read += n;
        if (_read > limit) throw errors.SizeLimit(null, limit);
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }
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
