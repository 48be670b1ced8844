using Env.Core.Diagnostics;
using Env.Core.Fetching;
using Env.Core.NuGet;
using Env.Core.Nix;

namespace Env.Core.Sharing;

/// <summary>One archive <see cref="ArchivePush"/> packed and pushed, and its package id.</summary>
public sealed record PushedArchive(LockedArchive Archive, string PackageId);

/// <summary>
/// <c>dotnet env push --source SOURCE</c>: each archive file of an env's lock (all platforms), from the download cache or
/// fetched into it, packed as its content-addressed package (<see cref="ArchivePackage"/>) and pushed, so restores with
/// EnvSubstitute find it there. Archives pinned by another algorithm than sha256 are skipped (and said so).
/// </summary>
public static class ArchivePush
{
    public static async Task<IReadOnlyList<PushedArchive>> PushAsync(string projectFile, string lockPath, ArchivePackagePusher pusher, UrlFetcher fetcher, IEnvLog log, CancellationToken ct)
    {
        var archives = LockedArchive.Read(projectFile, lockPath);
        var staging = Directory.CreateTempSubdirectory("envsdk-push-").FullName;
        try
        {
            var packed = new List<(PushedArchive Pushed, string Nupkg)>();
            foreach (var archive in archives)
            {
                if (!ArchivePackage.Supports(archive.Hash))
                {
                    log.Info($"Skipped {string.Join(", ", archive.Users)}: pinned by {archive.Hash.Algorithm.Name()}; archive packages carry sha256-pinned files only.");
                    continue;
                }
                var cached = await archive.EnsureCachedAsync(fetcher, projectFile, ct).ConfigureAwait(false);
                var id = ArchivePackage.IdFor(archive.Hash);
                var nupkg = Path.Combine(staging, $"{id}.{ArchivePackage.Version.ToNormalizedString()}.nupkg");
                ArchivePackage.Write(cached.Path, archive.Hash, $"{string.Join(", ", archive.Users)} from {archive.UrlAsWritten}", nupkg);
                packed.Add((new PushedArchive(archive, id), nupkg));
            }
            await pusher.PushAsync(packed.Select(p => p.Nupkg).ToList(), DownloadLimits.DefaultTimeout, ct).ConfigureAwait(false);
            foreach (var (pushed, _) in packed)
                log.Info($"Pushed {string.Join(", ", pushed.Archive.Users)} as {pushed.PackageId} to '{pusher.SourceName}'");
            return packed.Select(p => p.Pushed).ToList();
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }
}
