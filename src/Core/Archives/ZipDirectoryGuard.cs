using Env.Core.Diagnostics;
using System.Buffers.Binary;

namespace Env.Core.Archives;

/// <summary>
/// Walks a zip's central directory (its list of entries) before <see cref="System.IO.Compression.ZipArchive"/> reads it
/// whole into memory, and refuses one that would make us hold too much: more entries than the limit, a name longer
/// than a path may be, or a directory larger than <see cref="MaxDirectoryBytes"/>. The records are stored, not
/// compressed, so without this the memory a zip costs grows with the file (names, extra fields and comments of up to
/// 64 KiB each, held once as bytes and again as strings).
/// </summary>
/// <remarks>
/// Follows the records the way ZipArchive does: from the end-of-central-directory record found nearest the end (its
/// zip64 twin when a field is saturated), one record after another while their signature holds.
/// </remarks>
internal static class ZipDirectoryGuard
{
    /// <summary>64 MiB: a real zip of 100,000 entries has a directory of about 10 MB.</summary>
    public const long MaxDirectoryBytes = 64L * 1024 * 1024;

    private const uint EndSignature = 0x06054b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint Zip64EndSignature = 0x06064b50;
    private const uint EntrySignature = 0x02014b50;
    private const int EndSize = 22;
    private const int EntryFixedSize = 46;

    /// <summary>
    /// Opens a zip for reading (a .nupkg read without unpacking it) once its central directory is checked; the errors
    /// name <paramref name="displayName"/>.
    /// </summary>
    public static System.IO.Compression.ZipArchive OpenRead(string path, string displayName)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            Check(file, new ArchiveErrors(displayName, path), ArchiveExtractor.DefaultMaxEntries);
            return new System.IO.Compression.ZipArchive(file, System.IO.Compression.ZipArchiveMode.Read, leaveOpen: false);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    public static void Check(Stream file, ArchiveErrors errors, int maxEntries, long maxDirectoryBytes = MaxDirectoryBytes)
    {
        try
        {
            Walk(file, errors, maxEntries, maxDirectoryBytes);
        }
        finally
        {
            file.Position = 0;
        }
    }

    private static void Walk(Stream file, ArchiveErrors errors, int maxEntries, long maxDirectoryBytes)
    {
        if (FindDirectoryStart(file) is not { } start) return; // not a zip ZipArchive can open: it says so itself
        file.Position = start;
        var buffered = new BufferedStream(file, 1 << 16);
        Span<byte> fixedPart = stackalloc byte[EntryFixedSize];
        long total = 0;
        var count = 0;
        while (true)
        {
            if (buffered.ReadAtLeast(fixedPart, EntryFixedSize, throwOnEndOfStream: false) < EntryFixedSize) break;
            if (BinaryPrimitives.ReadUInt32LittleEndian(fixedPart) != EntrySignature) break;
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart[28..]);
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart[30..]);
            var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart[32..]);
            if (++count > maxEntries) throw errors.TooManyEntries(maxEntries);
            if (nameLength > EntryPathPolicy.MaxNameBytes)
            {
                var name = new byte[Math.Min((int)nameLength, PrintableText.MaxNameChars)];
                buffered.ReadAtLeast(name, name.Length, throwOnEndOfStream: false);
                throw errors.NameTooLong(System.Text.Encoding.UTF8.GetString(name) + "…",
                    $"{nameLength} bytes; a path may have at most {EntryPathPolicy.MaxNameBytes}");
            }
            total += EntryFixedSize + nameLength + extraLength + commentLength;
            if (total > maxDirectoryBytes) throw errors.DirectoryTooLarge($"holds more than {maxDirectoryBytes} bytes (at entry {count})");
            Skip(buffered, nameLength + extraLength + commentLength);
        }
    }

    private static void Skip(Stream stream, int bytes)
    {
        Span<byte> sink = stackalloc byte[1024];
        while (bytes > 0)
        {
            var n = stream.Read(sink[..Math.Min(bytes, sink.Length)]);
            if (n == 0) return;
            bytes -= n;
        }
    }

    /// <summary>Where the central directory starts, as the end-of-central-directory record (or its zip64 twin) says.</summary>
    private static long? FindDirectoryStart(Stream file)
    {
        var length = file.Length;
        if (length < EndSize) return null;
        var tailLength = (int)Math.Min(length, EndSize + ushort.MaxValue);
        var tail = new byte[tailLength];
        file.Position = length - tailLength;
        file.ReadExactly(tail);
        for (var at = tailLength - EndSize; at >= 0; at--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(at)) != EndSignature) continue;
            var end = tail.AsSpan(at);
            var entries = BinaryPrimitives.ReadUInt16LittleEndian(end[10..]);
            var offset = BinaryPrimitives.ReadUInt32LittleEndian(end[16..]);
            var disk = BinaryPrimitives.ReadUInt16LittleEndian(end[4..]);
            long endPosition = length - tailLength + at;
            if ((entries == ushort.MaxValue || offset == uint.MaxValue || disk == ushort.MaxValue) && Zip64Start(file, endPosition) is { } start64)
                return start64;
            return offset;
        }
        return null;
    }

    private static long? Zip64Start(Stream file, long endPosition)
    {
        if (endPosition < 20) return null;
        Span<byte> locator = stackalloc byte[20];
        file.Position = endPosition - 20;
        file.ReadExactly(locator);
        if (BinaryPrimitives.ReadUInt32LittleEndian(locator) != Zip64LocatorSignature) return null;
        var recordPosition = BinaryPrimitives.ReadInt64LittleEndian(locator[8..]);
        if (recordPosition < 0 || recordPosition > file.Length - 56) return null;
        Span<byte> record = stackalloc byte[56];
        file.Position = recordPosition;
        file.ReadExactly(record);
        if (BinaryPrimitives.ReadUInt32LittleEndian(record) != Zip64EndSignature) return null;
        return BinaryPrimitives.ReadInt64LittleEndian(record[48..]);
    }
}
