namespace Env.Core.Archives;

/// <summary>The archive layouts the store can unpack. Every tar variant differs only in its outer compression.</summary>
public enum ArchiveFormat
{
    Tar,
    TarGzip,
    TarXz,
    TarBzip2,
    TarZstd,
    Zip,
}
