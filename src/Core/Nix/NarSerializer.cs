using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Env.Core.Diagnostics;

namespace Env.Core.Nix;

/// <summary>
/// Writes a file system tree as a NAR (nix archive), byte-for-byte what <c>nix-store --dump</c> produces, so
/// hashes of it match nix's. Streams: memory use is one copy buffer plus one directory listing per level.
/// </summary>
public static class NarSerializer
{
    /// <summary>Large enough that hashing, not syscalls, dominates on big files.</summary>
    internal const int CopyBufferSize = 1 << 20;

    /// <param name="ct">Checked per file, directory and copied chunk, so Ctrl+C stops a hash of gigabytes at once.</param>
    public static void Write(string path, Stream output, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(output);

        var fullPath = Path.GetFullPath(path);
        FileSystemInfo root = new FileInfo(fullPath);
        if (!root.Exists && root.LinkTarget is null)
        {
            root = new DirectoryInfo(fullPath);
            if (!root.Exists) throw new FileNotFoundException($"Cannot archive '{fullPath}': it does not exist.", fullPath);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            var writer = new Writer(output, buffer, ct);
            writer.WriteToken("nix-archive-1"u8);
            writer.WriteNode(root);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private readonly struct Writer(Stream output, byte[] buffer, CancellationToken ct)
    {
        private static readonly EnumerationOptions ListingOptions = new()
        {
            // The default skips Hidden (dotfiles on Unix) and System; a NAR includes everything.
            AttributesToSkip = 0,
            IgnoreInaccessible = false,
            RecurseSubdirectories = false,
            ReturnSpecialDirectories = false,
        };

        public void WriteNode(FileSystemInfo node)
        {
            ct.ThrowIfCancellationRequested();
            WriteToken("("u8);
            WriteToken("type"u8);

            // Test for a link first: a link to a directory also carries the Directory attribute.
            if (node.Attributes.HasFlag(FileAttributes.ReparsePoint) && node.LinkTarget is { } target)
            {
                WriteToken("symlink"u8);
                WriteToken("target"u8);
                WriteToken(target);
            }
            else if (node.Attributes.HasFlag(FileAttributes.Directory))
            {
                WriteToken("directory"u8);
                WriteDirectory(node.FullName);
            }
            else
            {
                WriteToken("regular"u8);
                WriteRegular(node);
            }

            WriteToken(")"u8);
        }

        private void WriteDirectory(string path)
        {
            var entries = new List<(byte[] Name, FileSystemInfo Info)>();
            foreach (var info in new DirectoryInfo(path).EnumerateFileSystemInfos("*", ListingOptions))
            {
                entries.Add((Encoding.UTF8.GetBytes(info.Name), info));
            }

            // Nix sorts by strcmp of the raw names; UTF-16 ordinal order differs for characters beyond U+FFFF.
            entries.Sort(static (a, b) => a.Name.AsSpan().SequenceCompareTo(b.Name));

            foreach (var (name, info) in entries)
            {
                WriteToken("entry"u8);
                WriteToken("("u8);
                WriteToken("name"u8);
                WriteToken(name);
                WriteToken("node"u8);
                WriteNode(info);
                WriteToken(")"u8);
            }
        }

        private void WriteRegular(FileSystemInfo file)
        {
            var handle = UnixFileType.OpenRegular(file.FullName, out var length, out var executable, out var kind);
            if (handle is null)
            {
                kind = UnixFileType.DescribeSpecial(file.FullName);
                if (kind is null)
                {
                    // Only the owner-execute bit survives into a NAR; Windows has no such bit.
                    executable = !OperatingSystem.IsWindows() && file.UnixFileMode.HasFlag(UnixFileMode.UserExecute);
                    handle = File.OpenHandle(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
                    length = RandomAccess.GetLength(handle);
                }
            }

            using (handle)
            {
                if (kind is not null)
                {
                    throw new EnvException(EnvCode.ENV0301,
                        $"'{file.FullName}' is {kind}; a nix archive can only hold regular files, directories and symlinks. Remove it from the tree.",
                        file.FullName);
                }

                if (executable)
                {
                    WriteToken("executable"u8);
                    WriteToken(""u8);
                }

                WriteToken("contents"u8);
                WriteUInt64((ulong)length);

                // A file smaller than the buffer is read asking for one byte more: a short read proves the end in one call.
                var offset = length < buffer.Length ? CopySmall(handle!, length, file.FullName) : CopyOverlapped(handle!, length, file.FullName);

                // The size is already written, so a file that grew would silently lose its tail.
                if (offset >= 0 && RandomAccess.Read(handle!, buffer.AsSpan(0, 1), offset) != 0) throw Changed(file.FullName, length, offset + 1);
                WritePadding(length);
            }
        }

        /// <summary>
        /// Copies a file shorter than the buffer, each read asking for one byte more than should be left: a regular file's
        /// read comes back short only at its end, so reaching the length that way proves the end without another read.
        /// Returns -1 (the end is proven).
        /// </summary>
        private long CopySmall(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long length, string path)
        {
            long offset = 0;
            while (true)
            {
                var remaining = (int)(length - offset);
                var read = RandomAccess.Read(handle, buffer.AsSpan(0, remaining + 1), offset);
                if (read > remaining) throw Changed(path, length, offset + read);
                if (read == 0)
                {
                    if (remaining > 0) throw Changed(path, length, offset);
                    return -1;
                }
                ct.ThrowIfCancellationRequested();
                output.Write(buffer, 0, read);
                offset += read;
                if (offset == length) return -1;
            }
        }

        /// <summary>
        /// Reads the next chunk on the thread pool while the current one is written (hashed): on a big file this
        /// hides the read behind the hash instead of paying for both in turn.
        /// </summary>
        private long CopyOverlapped(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long length, string path)
        {
            var current = buffer;
            var next = ArrayPool<byte>.Shared.Rent(buffer.Length);
            Task<int>? pending = null;
            try
            {
                long offset = 0;
                var read = RandomAccess.Read(handle, current.AsSpan(0, (int)Math.Min(current.Length, length)), 0);
                while (true)
                {
                    if (read == 0) throw Changed(path, length, offset);
                    ct.ThrowIfCancellationRequested();
                    var nextOffset = offset + read;
                    var nextBuffer = next;
                    pending = nextOffset < length
                        ? Task.Run(() => RandomAccess.Read(handle, nextBuffer.AsSpan(0, (int)Math.Min(nextBuffer.Length, length - nextOffset)), nextOffset))
                        : null;
                    output.Write(current, 0, read);
                    offset = nextOffset;
                    if (pending is null) return offset;
                    read = pending.GetAwaiter().GetResult();
                    pending = null;
                    (current, next) = (next, current);
                }
            }
            finally
            {
                // If the write failed, a read may still be filling a buffer: let it finish before the buffer is reused.
                if (pending is not null)
                {
                    try { pending.GetAwaiter().GetResult(); } catch (IOException) { } catch (UnauthorizedAccessException) { }
                }

                // Both buffers may have swapped; hand back whichever is not the caller's.
                ArrayPool<byte>.Shared.Return(ReferenceEquals(current, buffer) ? next : current);
            }
        }

        private static EnvException Changed(string path, long expected, long actual) =>
            new(EnvCode.ENV0302,
                $"'{path}' changed while it was being archived (expected {expected} bytes, saw {actual}). Retry once nothing is writing to it.",
                path);

        public void WriteToken(string text)
        {
            var byteCount = Encoding.UTF8.GetByteCount(text);
            var rented = byteCount > 256 ? ArrayPool<byte>.Shared.Rent(byteCount) : null;
            try
            {
                Span<byte> bytes = rented ?? stackalloc byte[256];
                bytes = bytes[..Encoding.UTF8.GetBytes(text, bytes)];
                WriteToken(bytes);
            }
            finally
            {
                if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
            }
        }

        /// <summary>Every NAR string: u64 little-endian length, the bytes, zero padding to a multiple of 8.</summary>
        public void WriteToken(ReadOnlySpan<byte> bytes)
        {
            WriteUInt64((ulong)bytes.Length);
            output.Write(bytes);
            WritePadding(bytes.Length);
        }

        private void WriteUInt64(ulong value)
        {
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
            output.Write(bytes);
        }

        private static ReadOnlySpan<byte> Zeros => [0, 0, 0, 0, 0, 0, 0, 0];

        private void WritePadding(long length)
        {
            var padding = (int)((8 - length % 8) % 8);
            if (padding > 0) output.Write(Zeros[..padding]);
        }
    }
}
