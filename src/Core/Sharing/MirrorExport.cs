using Env.Core.Diagnostics;
using Env.Core.Fetching;
using Env.Core.Nix;

namespace Env.Core.Sharing;

/// <summary>What <see cref="MirrorExport.ExportAsync"/> did.</summary>
/// <param name="Written">Files written into the mirror.</param>
/// <param name="Present">Files the mirror already held with the right hash.</param>
/// <param name="Skipped">Archives pinned by another algorithm than sha256, which the layout cannot hold.</param>
public sealed record MirrorExportResult(IReadOnlyList<LockedArchive> Written, IReadOnlyList<LockedArchive> Present, IReadOnlyList<LockedArchive> Skipped);

/// <summary>
/// <c>dotnet env mirror export DIR</c>: every archive file an env's lock uses (all platforms), from the download cache or
/// fetched into it, written to <c>DIR/sha256/&lt;hex&gt;</c>, the layout hashed mirrors are read in (<see cref="HashedMirrors"/>),
/// so DIR can be served by any static HTTP server or object store, or read as a file:// mirror. Each file is written
/// whole (temp + rename): a server reading DIR meanwhile never serves half a file.
/// </summary>
public static class MirrorExport
{
    public static async Task<MirrorExportResult> ExportAsync(string projectFile, string lockPath, string dir, UrlFetcher fetcher, IEnvLog log, CancellationToken ct)
    {
        var archives = LockedArchive.Read(projectFile, lockPath);
        var folder = Path.Combine(Path.GetFullPath(dir), "sha256");
        if (File.Exists(dir) || File.Exists(folder))
            throw new EnvException(EnvCode.ENV0741, $"'{dir}' holds a file where the mirror's folder goes ({folder}). Name a folder.", null);
        var written = new List<LockedArchive>();
        var present = new List<LockedArchive>();
        var skipped = new List<LockedArchive>();
        foreach (var archive in archives)
        {
            if (archive.Hash.Algorithm != HashAlgorithmKind.Sha256)
            {
                skipped.Add(archive);
                log.Info($"Skipped {string.Join(", ", archive.Users)}: pinned by {archive.Hash.Algorithm.Name()}, and a hashed mirror holds sha256 files only.");
                continue;
            }
            var target = Path.Combine(Path.GetFullPath(dir), HashedMirrors.RelativePath(archive.Hash));
            if (File.Exists(target) && HashOf(target).Equals(archive.Hash))
            {
                present.Add(archive);
                continue;
            }
            var cached = await archive.EnsureCachedAsync(fetcher, projectFile, ct).ConfigureAwait(false);
            var temp = Path.Combine(folder, $".tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
            try
            {
                Directory.CreateDirectory(folder);
                File.Copy(cached.Path, temp);
                // Over a file with the wrong content (a damaged copy): the mirror serves by hash, so it must be that file.
                File.Move(temp, target, overwrite: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new EnvException(EnvCode.ENV0741, $"Cannot write {target}: {e.Message} Check that the folder is writable and has room.", null, e);
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
            log.Info($"Exported {string.Join(", ", archive.Users)} to {target}");
            written.Add(archive);
        }
        return new MirrorExportResult(written, present, skipped);
    }

    private static ContentHash HashOf(string file)
    {
        using var stream = File.OpenRead(file);
        return new ContentHash(HashAlgorithmKind.Sha256, System.Security.Cryptography.SHA256.HashData(stream));
    }
}
