namespace Env.Core.Archives;

/// <summary>Guesses an archive's format from its name, the way fetchers see it (a file name or the path part of a URL).</summary>
public static class ArchiveFormats
{
    // Longest suffixes first is not needed (no suffix here is a suffix of another), but keep compound ones explicit
    // so ".tar.gz" is never confused with a bare ".gz", which we do not unpack (it is not an archive of files).
    private static readonly (string Suffix, ArchiveFormat Format)[] Suffixes =
    [
        (".tar.gz", ArchiveFormat.TarGzip), (".tgz", ArchiveFormat.TarGzip),
        (".tar.xz", ArchiveFormat.TarXz), (".txz", ArchiveFormat.TarXz),
        (".tar.bz2", ArchiveFormat.TarBzip2), (".tbz2", ArchiveFormat.TarBzip2),
        (".tar.zst", ArchiveFormat.TarZstd), (".tzst", ArchiveFormat.TarZstd),
        (".tar", ArchiveFormat.Tar),
        (".zip", ArchiveFormat.Zip), (".nupkg", ArchiveFormat.Zip),
    ];

    /// <summary>The format named by the file's extension (case-insensitive), or null when it is not one we unpack.</summary>
    public static ArchiveFormat? FromFileName(string fileNameOrUrlPath)
    {
        ArgumentNullException.ThrowIfNull(fileNameOrUrlPath);
        // A URL may carry a query or fragment after the path ("...tar.gz?download=1"); only the path names the format.
        var name = fileNameOrUrlPath;
        var cut = name.IndexOfAny(['?', '#']);
        if (cut >= 0) name = name[..cut];
        foreach (var (suffix, format) in Suffixes)
        {
            if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) return format;
        }
        return null;
    }
}
