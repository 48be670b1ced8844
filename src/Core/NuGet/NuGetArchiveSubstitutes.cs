using Env.Core.Diagnostics;
using Env.Core.Fetching;
using Env.Core.Nix;
using NuGet.Configuration;
using NuGet.Protocol;
using NuGet.Protocol.Core.Types;

namespace Env.Core.NuGet;

/// <summary>
/// EnvSubstitute: NuGet feeds asked for an archive before its URL, by the one id and version its hash names
/// (<see cref="ArchivePackage"/>), never by listing a feed. The file is taken out of the package and handed to the
/// fetcher, which verifies it as any download. A feed that fails or lacks the package is a miss, never an error.
/// </summary>
public sealed class NuGetArchiveSubstitutes : IArchiveSubstitutes, IDisposable
{
    private readonly IReadOnlyList<PackageSource> _sources;
    private readonly IEnvLog _log;
    private readonly TransferTotals? _totals;
    private readonly NuGetLogAdapter _nugetLog;
    private readonly SourceCacheContext _cache = new();

    /// <param name="sources">Each a nuget.config source name, an http(s) feed URL or a folder (<see cref="ArchiveFeeds"/>); ENV0420 otherwise.</param>
    /// <param name="settingsRoot">Where the nuget.config lookup starts (the env.proj folder).</param>
    public NuGetArchiveSubstitutes(IEnumerable<string> sources, string settingsRoot, IEnvLog log, TransferTotals? totals = null, string? file = null)
    {
        _sources = sources.Select(s => ArchiveFeeds.Resolve(s, settingsRoot, "EnvSubstitute", file)).DistinctBy(s => s.Source).ToList();
        _log = log;
        _totals = totals;
        _nugetLog = new NuGetLogAdapter(log);
        NuGetClientSetup.EnsureConfigured();
    }

    public IReadOnlyList<string> SourceNames => _sources.Select(s => s.Name).ToList();

    public async Task<string?> TryFetchAsync(string what, ContentHash hash, string destination, long maxBytes, CancellationToken ct)
    {
        if (!ArchivePackage.Supports(hash)) return null;
        var id = ArchivePackage.IdFor(hash);
        // The package adds a zip's few hundred bytes to a file that is already compressed.
        var packageCap = maxBytes + maxBytes / 16 + (1 << 20);
        foreach (var source in _sources)
        {
            var nupkg = destination + ".nupkg";
            try
            {
                var resource = await Repository.Factory.GetCoreV3(source).GetResourceAsync<FindPackageByIdResource>(ct).ConfigureAwait(false);
                bool found;
                long size;
                await using (var stream = new FileStream(nupkg, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: true))
                {
                    var progress = new TransferProgress(what, null, _log);
                    var capped = new ProgressWriteStream(stream, progress, packageCap,
                        () => new EnvException(EnvCode.ENV0106, $"substitute '{source.Name}' sends more than {packageCap} bytes for {id}"));
                    found = resource is not null && await resource.CopyNupkgToStreamAsync(id, ArchivePackage.Version, capped, _cache, _nugetLog, ct).ConfigureAwait(false);
                    size = progress.Bytes;
                }
                if (!found)
                {
                    _log.Detail($"Substitute '{source.Name}' has no {id} {ArchivePackage.Version} for {what}.");
                    continue;
                }
                if (source.IsHttp) _totals?.Add(size);
                if (!await ArchivePackage.ExtractAsync(nupkg, hash, destination, maxBytes, ct).ConfigureAwait(false))
                {
                    _log.Warning(EnvCode.ENV0421,
                        $"Substitute '{source.Name}' serves {id} without the file {ArchivePackage.EntryPath(hash)} (or with one larger than allowed); it was ignored. Remove that package there, and push it again with 'dotnet env push'.");
                    continue;
                }
                return $"substitute '{source.Name}' ({id})";
            }
            catch (Exception e) when (!(e is OperationCanceledException && ct.IsCancellationRequested))
            {
                _log.Info($"Substitute '{source.Name}' failed for {what}: {UrlRedaction.Redact(Innermost(e).Message)}; trying the next source.");
            }
            finally
            {
                if (File.Exists(nupkg)) File.Delete(nupkg);
            }
        }
        return null;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null && e is not EnvException) e = e.InnerException;
        return e;
    }

    public void Dispose() => _cache.Dispose();
}
