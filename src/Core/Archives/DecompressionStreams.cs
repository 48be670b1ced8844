using System.IO.Compression;
using SharpCompress.Compressors.BZip2;
using SharpCompress.Compressors.Xz;
using SharpCompress.Compressors.ZStandard;
using SharpCompressMode = SharpCompress.Compressors.CompressionMode;

namespace Env.Core.Archives;

/// <summary>The decompressor in front of each tar variant. Each takes ownership of the file stream.</summary>
internal static class DecompressionStreams
{
    public static Stream Open(Stream compressed, ArchiveFormat format) => format switch
    {
        ArchiveFormat.Tar => compressed,
        // GZipStream reads concatenated members, as gzip(1) does.
        ArchiveFormat.TarGzip => new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: false),
        ArchiveFormat.TarXz => new XZStream(compressed),
        // Truncation must be an error, never a silently shorter tree.
        ArchiveFormat.TarBzip2 => BZip2Stream.Create(compressed, SharpCompressMode.Decompress,
            decompressConcatenated: true, leaveOpen: false, tolerateTruncatedStream: false),
        ArchiveFormat.TarZstd => new DecompressionStream(compressed, checkEndOfStream: true, leaveOpen: false),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a tar format"),
    };
}
