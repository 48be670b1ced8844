using Env.Core.IO;
using System.IO.Compression;
using System.Text;

namespace Env.Core.Archives;

/// <summary>
/// Reads zip entries one by one (never ZipFile.ExtractToDirectory, which only checks paths) and hands each to the
/// <see cref="ExtractionTree"/>, with the same policy as tar.
/// </summary>
internal static class ZipExtractor
{
    // File-type bits of a Unix st_mode, stored by Unix zippers in the high 16 bits of the external attributes.
    private const int TypeMask = 0xF000;
    private const int TypeRegular = 0x8000;
    private const int TypeDirectory = 0x4000;
    private const int TypeSymlink = 0xA000;

    // A symlink's target is its content; anything longer than PATH_MAX is not a real target.
    private const int MaxLinkTargetBytes = 4096;

    public static void Extract(Stream file, ExtractionTree tree, ArchiveErrors errors, int maxEntries, bool unescapeNames)
    {
        using var archive = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true, entryNameEncoding: Encoding.UTF8);
        // The central directory is already parsed; refuse a flood before touching the disk.
        if (archive.Entries.Count > maxEntries) throw errors.TooManyEntries(maxEntries);
        RefuseOverlaps(archive, file.Length, errors);
        foreach (var entry in archive.Entries)
        {
            tree.CountEntry();
            var name = unescapeNames ? Uri.UnescapeDataString(entry.FullName) : entry.FullName;
            // System.IO.Compression cannot tell us "version made by"; Windows zippers leave the high bits zero,
            // so a non-zero value is taken to be a Unix mode.
            var unixMode = (entry.ExternalAttributes >> 16) & 0xFFFF;
            var type = unixMode & TypeMask;
            var isDirectory = name.EndsWith('/') || type == TypeDirectory;

            if (isDirectory)
            {
                tree.AddDirectory(name, EntryPathPolicy.Parse(name, isDirectory: true, errors));
            }
            else if (type == TypeSymlink)
            {
                var parts = EntryPathPolicy.Parse(name, isDirectory: false, errors);
                tree.AddSymlink(name, parts, ReadLinkTarget(entry, errors));
            }
            else if (type is 0 or TypeRegular)
            {
                var parts = EntryPathPolicy.Parse(name, isDirectory: false, errors);
                using var content = new CrcReadStream(Open(entry, errors));
                tree.AddFile(name, parts, content, entry.Length, FileModes.IsExecutable(unixMode));
                if (content.Crc.Value != entry.Crc32)
                    throw errors.Corrupt(name, "CRC-32 of the content does not match its header");
            }
            else
            {
                throw errors.SpecialEntry(name, $"zip entry with Unix file type 0{Convert.ToString(type >> 12, 8)}");
            }
        }
    }

    /// <summary>
    /// Overlapping entries (several central records pointing into the same compressed bytes) are how non-recursive
    /// zip bombs multiply their output. System.IO.Compression does not expose entry offsets, but without overlap the
    /// entries' compressed sizes must fit in the file; a sum larger than the file proves some bytes are used twice.
    /// </summary>
    private static void RefuseOverlaps(ZipArchive archive, long fileLength, ArchiveErrors errors)
    {
        long total = 0;
        foreach (var entry in archive.Entries)
        {
            total += entry.CompressedLength;
            if (entry.CompressedLength < 0 || total > fileLength)
                throw errors.Corrupt(entry.FullName, "entries overlap or claim more compressed data than the file holds");
        }
    }

    private static Stream Open(ZipArchiveEntry entry, ArchiveErrors errors)
    {
        // The encryption flag is not checked by System.IO.Compression, which would hand us ciphertext as content.
        if (entry.IsEncrypted) throw errors.Unsupported(entry.FullName, "the entry is encrypted");
        try
        {
            return entry.Open();
        }
        catch (NotSupportedException ex)
        {
            throw errors.Unsupported(entry.FullName, "unsupported compression method or encryption", ex);
        }
        catch (InvalidDataException ex) when (ex.Message.Contains("compression method", StringComparison.OrdinalIgnoreCase))
        {
            // The runtime reports an unknown method (LZMA, bzip2, zstd in zip...) only through this message.
            throw errors.Unsupported(entry.FullName, "unsupported compression method (only stored, deflate and deflate64 are)", ex);
        }
        catch (InvalidDataException ex)
        {
            throw errors.Corrupt(entry.FullName, ex.Message, ex);
        }
    }

    private static string ReadLinkTarget(ZipArchiveEntry entry, ArchiveErrors errors)
    {
        if (entry.Length > MaxLinkTargetBytes) throw errors.Corrupt(entry.FullName, "symlink target is implausibly long");
        using var content = Open(entry, errors);
        var buffer = new byte[MaxLinkTargetBytes + 1];
        var total = 0;
        int n;
        while (total < buffer.Length && (n = content.Read(buffer, total, buffer.Length - total)) > 0) total += n;
        if (total != entry.Length) throw errors.Corrupt(entry.FullName, "symlink target length differs from its header");
        return Encoding.UTF8.GetString(buffer, 0, total);
    }
}
