using System.IO.Compression;
using System.Runtime.CompilerServices;
using SharpCompress.Compressors.BZip2;
using SharpCompress.Compressors.Xz;
using SharpCompress.Compressors.ZStandard;
using SharpCompressMode = SharpCompress.Compressors.CompressionMode;

namespace Env.Core.Archives;

/// <summary>
/// The decompressor in front of each tar variant. Each takes ownership of the file stream. SharpCompress is
/// only touched from its own non-inlined methods, so a .tar.gz (the common case) never loads its 2 MB.
/// </summary>
internal static class DecompressionStreams
{
    public static Stream Open(Stream compressed, ArchiveFormat format) => format switch
    {
        ArchiveFormat.Tar => compressed,
        // GZipStream reads concatenated members, as gzip(1) does.
        ArchiveFormat.TarGzip => new GZipStream(compressed, CompressionMode.Decompress, leaveOpen: false),
        ArchiveFormat.TarXz => OpenXz(compressed),
        ArchiveFormat.TarBzip2 => OpenBzip2(compressed),
        ArchiveFormat.TarZstd => OpenZstd(compressed),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not a tar format"),
    };

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Stream OpenXz(Stream compressed) => new XZStream(compressed);

    // Truncation must be an error, never a silently shorter tree.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Stream OpenBzip2(Stream compressed) => BZip2Stream.Create(compressed, SharpCompressMode.Decompress,
        decompressConcatenated: true, leaveOpen: false, tolerateTruncatedStream: false);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Stream OpenZstd(Stream compressed) => new DecompressionStream(compressed, checkEndOfStream: true, leaveOpen: false);
}
