using Env.Core.IO;
using Env.Core.Diagnostics;

namespace Env.Core.Archives;

/// <summary>
/// Unpacks an archive into a fresh folder under one explicit policy (docs/security.md): anything that could write outside
/// the folder, hide a device, alias another entry or blow up in size is refused with an ENV02xx error.
/// <list type="number">
/// <item>Guard: the destination must not exist; a zip's central directory is walked first (<see cref="ZipDirectoryGuard"/>),
/// a tar's headers are bounded as they stream (<see cref="TarHeaderGuard"/>).</item>
/// <item>Unpack into a staging folder inside the destination through <see cref="ExtractionTree"/>, the only writer: paths,
/// links, duplicates, collisions, modes and the size and entry budgets, judged entry by entry.</item>
/// <item>Check the links once every entry is there, then strip the single root folder (<see cref="RootStripper"/>).</item>
/// </list>
/// A refused, broken or cancelled archive leaves nothing behind: the destination is deleted whole, and every decoder's
/// failure is one ENV02xx error that names the archive.
/// </summary>
public static class ArchiveExtractor
{
    /// <summary>Entry-count bound: far above real packages, far below what exhausts memory or inodes.</summary>
    public const int DefaultMaxEntries = 1_000_000;

    // The decompressed tar stream may exceed the content budget by headers and 512-byte padding: at most about twice
    // the content for many small files, plus this much for archives of (near-)empty entries and pax metadata.
    private const long TarOverheadAllowance = 64L * 1024 * 1024;

    /// <summary>
    /// Extracts <paramref name="archivePath"/> into <paramref name="destinationDir"/>, which must not exist yet (its parent
    /// must). On any error throws <see cref="EnvException"/> and deletes <paramref name="destinationDir"/> entirely.
    /// </summary>
    /// <param name="ct">Cancellation (Ctrl+C) is noticed between entries, between copied buffers and while resolving links;
    /// it throws <see cref="OperationCanceledException"/> and also leaves nothing behind.</param>
    public static ExtractionResult Extract(string archivePath, ArchiveFormat format, string destinationDir, ExtractionOptions options, CancellationToken ct = default) =>
        Extract(archivePath, format, destinationDir, options, DefaultMaxEntries, LinkWalkBudget.DefaultLimit, ct);

    internal static ExtractionResult Extract(string archivePath, ArchiveFormat format, string destinationDir, ExtractionOptions options, int maxEntries,
        long maxLinkSteps = LinkWalkBudget.DefaultLimit, CancellationToken ct = default, long maxNameChars = ExtractionTree.DefaultMaxNameChars)
    {
        ArgumentNullException.ThrowIfNull(archivePath);
        ArgumentNullException.ThrowIfNull(destinationDir);
        ArgumentNullException.ThrowIfNull(options);
        var errors = new ArchiveErrors(options.DisplayName, options.ReportedFile ?? archivePath);
        var destination = Path.GetFullPath(destinationDir);
        // Refuse before creating anything: the folder (or a link at its place) is not ours to fill or delete.
        if (Path.Exists(destination) || new FileInfo(destination).LinkTarget is not null)
            throw errors.BadDestination(destination, "it already exists");
        var parent = Path.GetDirectoryName(destination);
        if (parent is null || !Directory.Exists(parent))
            throw errors.BadDestination(destination, "its parent folder does not exist");
        if (!Enum.IsDefined(format)) throw errors.Unsupported(null, $"unknown archive format {format}");

        try
        {
            Directory.CreateDirectory(destination);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw errors.Io(null, ex);
        }

        try
        {
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(destination, FileModes.Directory);
            var staging = Path.Combine(destination, RootStripper.StagingName);
            Directory.CreateDirectory(staging);
            var budget = new ByteBudget(options.MaxUnpackedBytes, errors);
            var tree = new ExtractionTree(staging, errors, budget, maxEntries, new LinkWalkBudget(maxLinkSteps, errors, ct), ct, maxNameChars);

            Unpack(archivePath, format, tree, errors, options.MaxUnpackedBytes, maxEntries, options.UnescapeNames);
            tree.VerifySymlinks();
            var stripped = RootStripper.Finish(destination, staging, tree, options.StripRoot);
            return new ExtractionResult(tree.UnpackedBytes, tree.FileCount, stripped);
        }
        catch (Exception ex)
        {
            DeleteQuietly(destination);
            if (ex is EnvException) throw;
            if (ex is IOException or UnauthorizedAccessException) throw errors.Io(null, ex);
            throw;
        }
    }

    private static void Unpack(string archivePath, ArchiveFormat format, ExtractionTree tree, ArchiveErrors errors, long maxBytes, int maxEntries, bool unescapeNames)
    {
        FileStream file;
        try
        {
            // Large sequential reads: the default 4 KB buffer turned a 100 MB archive into 25,000 read calls.
            file = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 17, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw errors.Io(null, ex);
        }

        using (file)
        {
            try
            {
                if (format == ArchiveFormat.Zip)
                {
                    ZipDirectoryGuard.Check(file, errors, maxEntries);
                    ZipExtractor.Extract(file, tree, errors, maxEntries, unescapeNames);
                }
                else
                {
                    var cap = maxBytes > long.MaxValue / 2 - TarOverheadAllowance ? long.MaxValue : maxBytes * 2 + TarOverheadAllowance;
                    using var tar = new TarHeaderGuard(new LimitedReadStream(DecompressionStreams.Open(file, format), cap, errors), errors);
                    TarExtractor.Extract(tar, tree, errors);
                }
            }
            catch (EnvException)
            {
                throw;
            }
            catch (NotSupportedException ex)
            {
                throw errors.Unsupported(null, ex.Message, ex);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
            {
                // Decoders report damage with many exception types (InvalidDataException, EndOfStreamException,
                // SharpCompress's own, even index errors); to the user they all mean "this file is broken".
                throw errors.Corrupt(null, ex.Message, ex);
            }
        }
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            // Recursive delete removes symlinks without following them.
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: the original error matters more; the store sweeps stale temporary folders.
        }
    }
}
