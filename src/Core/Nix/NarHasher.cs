using System.Security.Cryptography;

namespace Env.Core.Nix;

/// <summary>
/// The NAR hash nix records for a path (<c>nix-hash --type sha256</c>), computed while serialising so the
/// archive is never held in memory or on disk.
/// </summary>
public static class NarHasher
{
    /// <summary>Collects the many small NAR tokens; file contents arrive in 1 MB writes and bypass it.</summary>
    private const int TokenBufferSize = 64 * 1024;

    public static byte[] Sha256(string path, CancellationToken ct = default)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var sink = new BufferedStream(new HashingStream(hash), TokenBufferSize))
        {
            NarSerializer.Write(path, sink, ct);
        }

        return hash.GetHashAndReset();
    }

    /// <summary>A write-only stream that feeds everything written to it into a hash.</summary>
    private sealed class HashingStream(IncrementalHash hash) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => hash.AppendData(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => hash.AppendData(buffer);

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
