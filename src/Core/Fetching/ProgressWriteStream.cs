namespace Env.Core.Fetching;

/// <summary>
/// Counts what a copier we do not control (NuGet's CopyNupkgToStreamAsync) writes, and reports it through
/// <see cref="TransferProgress"/>, so a large package download shows progress like an archive download. It also
/// refuses to grow past <paramref name="maxBytes"/>: the copier keeps writing whatever the feed sends.
/// </summary>
internal sealed class ProgressWriteStream(Stream inner, TransferProgress progress, long maxBytes = long.MaxValue, Func<Exception>? tooLarge = null) : Stream
{
    public override void Write(byte[] buffer, int offset, int count)
    {
        Admit(count);
        inner.Write(buffer, offset, count);
        progress.Advance(count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Admit(buffer.Length);
        inner.Write(buffer);
        progress.Advance(buffer.Length);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Admit(buffer.Length);
        await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        progress.Advance(buffer.Length);
    }

    private void Admit(int count)
    {
        if (progress.Bytes + count > maxBytes)
            throw tooLarge?.Invoke() ?? new IOException($"More than {maxBytes} bytes.");
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override bool CanRead => false;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => true;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => inner.Position = value; }
    public override void Flush() => inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
    public override void SetLength(long value) => inner.SetLength(value);
}
