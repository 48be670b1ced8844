using Env.Core.Diagnostics;
using Env.Core.Fetching;
using Env.Core.Locking;
using Env.Core.Model;
using Env.Core.Nix;
using Env.Core.NuGet;
using Env.Core.Platforms;
using Env.Core.Store;

namespace Env.Core.Tools;

/// <summary>
/// Makes one tool item real in the store and says what the lock records for it. With a matching lock
/// entry whose store entry exists it does nothing at all; with a matching entry that the store lacks it
/// rebuilds that exact entry (source hash and NAR hash checked); otherwise it resolves afresh.
/// Phases: resolve (the lock entry, or the feeds or the URL), fetch (<see cref="UrlFetcher"/>, <see cref="NuGetPackageFetcher"/>),
/// unpack (<c>ArchiveExtractor</c>) into staging, add (<see cref="EnvStore.Add"/>).
/// A failure is the tool's coded error and leaves nothing half-installed: the store has the entry whole or not at all,
/// and the download cache only verified files.
/// </summary>
public sealed class ToolInstaller
{
    private readonly EnvStore _store;
    private readonly ArchiveInstaller _archives;
    private readonly PackageInstaller _packages;
    private readonly string _rid;
    private readonly IEnvLog _log;
    private readonly DownloadCache _cache;
    private readonly FetchSources _sources;

    /// <param name="sources">Substitutes and hashed mirrors for archives, and offline mode (which also keeps NuGet from being asked).</param>
    public ToolInstaller(EnvStore store, DownloadCache cache, Func<NuGetPackageFetcher> nuget, long maxUnpackedBytes, string rid, IEnvLog log, TransferTotals? totals = null, DownloadLimits? downloads = null, FetchSources? sources = null)
    {
        _rid = rid;
        _store = store;
        _cache = cache;
        _sources = sources ?? FetchSources.None;
        _archives = new ArchiveInstaller(store, new UrlFetcher(cache, log, totals, downloads, _sources), maxUnpackedBytes, log);
        // NuGet is loaded only when an env has package tools.
        _packages = new PackageInstaller(store, cache, new Lazy<NuGetPackageFetcher>(nuget, LazyThreadSafetyMode.ExecutionAndPublication), maxUnpackedBytes, log, _sources.Offline);
        _log = log;
    }

    /// <summary>
    /// What an offline restore of <paramref name="spec"/> lacks (null when the store or the download cache has it, or a
    /// local file or file:// mirror does), so that the restore can name every missing tool at once before it starts.
    /// </summary>
    /// <param name="locked">The lock's entry for this item, if it matches the item.</param>
    public OfflineGap? MissingOffline(ToolSpec spec, LockEntry? locked)
    {
        var version = locked?.Version ?? spec.Version ?? "";
        if (spec.IsArchive)
        {
            if (locked is not null && _store.Contains(locked.StorePath)) return null;
            var shown = UrlRedaction.Redact(spec.UrlAsWritten ?? "");
            if (spec.Hash is not { } hash) return new OfflineGap(spec.Name, version, spec.LockRid, $"{shown} has no Hash, so nothing cached can stand for it");
            if (_cache.TryGet(hash) is not null || spec.Url!.IsFile) return null;
            if (_sources.Mirrors.Any(m => m.IsFile && HashedMirrors.UrlFor(m, hash) is { } at && File.Exists(at.LocalPath))) return null;
            return new OfflineGap(spec.Name, version, spec.LockRid, $"{shown} is not in the download cache");
        }
        if (locked is null)
            return new OfflineGap(spec.Name, version, spec.LockRid, $"package {spec.PackageId} is not in env.lock.json, and offline a version is taken only from the lock");
        if (!Available(locked)) return new OfflineGap(spec.Name, version, spec.LockRid, $"package {locked.Package ?? spec.PackageId} {locked.Version} is not in the download cache");
        // A RID-specific tool's package for this platform, as the lock pins it.
        if (locked.RuntimePackages is { Count: > 0 } runtimes)
        {
            var here = RuntimeIdentifierChain.Fallbacks(_rid).Select(r => runtimes.FirstOrDefault(p => string.Equals(p.Key, r, StringComparison.OrdinalIgnoreCase)).Value).FirstOrDefault(e => e is not null);
            if (here is null) return new OfflineGap(spec.Name, version, spec.LockRid, $"env.lock.json pins no runtime package of {locked.Package} for {_rid}");
            if (!Available(here)) return new OfflineGap(spec.Name, version, spec.LockRid, $"package {here.Package} {here.Version} is not in the download cache");
        }
        return null;
    }

    private bool Available(LockEntry entry) =>
        _store.Contains(entry.StorePath)
        || (ContentHash.TryParse(entry.SourceHash, out var hash, out _) && _cache.TryGet(hash, ".nupkg") is not null);

    /// <param name="locked">The lock's entry for this item, if it matches the item.</param>
    /// <param name="options">
    /// Locked: a RID-specific tool's package for this platform must be in the lock already (ENV0503). AllPlatforms: fetch
    /// the packages of every platform in <see cref="RestoreOptions.LockRids"/>, recording in <see cref="RestoreOptions.Gaps"/>
    /// what another platform cannot have instead of failing.
    /// </param>
    /// <param name="refine">For a package resolved afresh: sees it unpacked and may set its Bin (<see cref="PackageInstaller.InstallAsync"/>).</param>
    public async Task<LockEntry> InstallAsync(ToolSpec spec, LockEntry? locked, RestoreOptions options, CancellationToken ct, Func<string, ToolSpec>? refine = null)
    {
        try
        {
            return await InstallUncheckedAsync(spec, locked, options, ct, refine).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not EnvException { Code: EnvCode.ENV0112 or EnvCode.ENV0321 } && DiskFull.Find(e) is { } full)
        {
            // Downloads into the cache name its disk themselves (ENV0112); what is left is unpacking into the store's staging
            // (which the unpacker reports as a write failure of an entry, its cause inside).
            throw DiskFull.Error(EnvCode.ENV0321, _store.Layout.StoreDir, $"tool '{spec.Name}' unpacked into the store",
                "or set EnvStoreDir (ENVSDK_STORE) to a folder on another disk", spec.DeclaredIn, full);
        }
    }

    private async Task<LockEntry> InstallUncheckedAsync(ToolSpec spec, LockEntry? locked, RestoreOptions options, CancellationToken ct, Func<string, ToolSpec>? refine)
    {
        if (locked is not null && options.Updates(spec))
        {
            var resolved = await _packages.ResolveAsync(spec, ct).ConfigureAwait(false);
            if (resolved.Version != locked.Version)
            {
                // A new version: its runtime packages are resolved afresh too.
                var updated = await _packages.InstallAsync(spec, spec.PackageId, resolved.Version, null, _rid, null, ct).ConfigureAwait(false);
                return await InstallRuntimePackagesAsync(spec, updated, options, ct).ConfigureAwait(false);
            }
            _log.Detail($"{spec.Name}: {spec.Version} still resolves to {locked.Version}; nothing to download.");
        }
        var entry = await InstallMainAsync(spec, locked, ct, refine).ConfigureAwait(false);
        return spec.IsArchive ? entry : await InstallRuntimePackagesAsync(spec, entry, options, ct).ConfigureAwait(false);
    }

    private async Task<LockEntry> InstallMainAsync(ToolSpec spec, LockEntry? locked, CancellationToken ct, Func<string, ToolSpec>? refine)
    {
        if (locked is not null)
        {
            if (_store.TryHold(locked.StorePath)) return locked;
            _log.Info($"Restoring {spec.Name} {locked.Version} ({spec.LockRid}) into the store");
            var rebuilt = spec.IsArchive
                ? await _archives.InstallAsync(spec, ContentHash.Parse(locked.NarHash), locked.Size, ct).ConfigureAwait(false)
                : await _packages.InstallAsync(spec, spec.PackageId, locked.Version, locked, _rid, null, ct).ConfigureAwait(false);
            if (rebuilt.StorePath != locked.StorePath)
            {
                throw new EnvException(EnvCode.ENV0303,
                    $"Tool '{spec.Name}' rebuilt to {rebuilt.StorePath}, but the lock records {locked.StorePath}. Run 'dotnet build -t:EnvUpdate' if the change is expected.",
                    spec.DeclaredIn);
            }
            return locked;
        }
        return spec.IsArchive
            ? await _archives.InstallAsync(spec, null, null, ct).ConfigureAwait(false)
            : await _packages.InstallAsync(spec, spec.PackageId, null, null, _rid, null, ct, refine).ConfigureAwait(false);
    }

    /// <summary>
    /// A .NET 10 RID-specific tool's package holds only DotnetToolSettings.xml naming <c>&lt;id&gt;.&lt;rid&gt;</c>
    /// packages; the program is in those. They are pinned in the lock under the tool's entry.
    /// </summary>
    private async Task<LockEntry> InstallRuntimePackagesAsync(ToolSpec spec, LockEntry entry, RestoreOptions options, CancellationToken ct)
    {
        var info = DotnetToolManifest.TryRead(_store.Layout.EntryPath(entry.StorePath), _rid);
        if (info is null || !info.IsRidSpecificPointer) return entry;
        var offered = string.Join(", ", info.RuntimeIdentifierPackages.Select(p => p.RuntimeIdentifier));
        if (info.RuntimeIdentifierPackage is not { } forHere)
        {
            throw new EnvException(EnvCode.ENV0410,
                $"Tool '{spec.Name}' ({entry.Package} {entry.Version}) is built for {offered} only, not for this platform ({_rid}).",
                spec.DeclaredIn);
        }

        var wanted = new List<(string Platform, DotnetToolRidPackage Package)> { (_rid, forHere) };
        if (options.LocksAllPlatforms(spec))
        {
            var platforms = options.LockRids.Count > 0 ? options.LockRids : info.RuntimeIdentifierPackages.Select(p => p.RuntimeIdentifier);
            foreach (var platform in platforms.Where(p => !string.Equals(p, _rid, StringComparison.OrdinalIgnoreCase)))
            {
                if (PackageFor(info, platform) is { } package) wanted.Add((platform, package));
                else options.Gaps.Add(platform, $"'{spec.Name}' ({entry.Package} {entry.Version}) offers no package for it (only {offered})");
            }
        }

        var runtimes = new SortedDictionary<string, LockEntry>(entry.RuntimePackages ?? new(), StringComparer.Ordinal);
        foreach (var (platform, package) in wanted.DistinctBy(w => w.Package.RuntimeIdentifier, StringComparer.OrdinalIgnoreCase))
        {
            var version = package.Version ?? entry.Version;
            var locked = runtimes.GetValueOrDefault(package.RuntimeIdentifier);
            if (locked is not null && (!string.Equals(locked.Package, package.Id, StringComparison.OrdinalIgnoreCase) || locked.Version != version))
                locked = null;
            if (locked is null && options.Locked)
            {
                // A lock written by a plain build elsewhere pins only that machine's package; restoring cannot help here.
                throw new EnvException(EnvCode.ENV0503,
                    $"Locked mode: tool '{spec.Name}' ({entry.Package} {entry.Version}) is RID-specific, and env.lock.json has no {package.Id} {version} for {platform} (it pins: {(runtimes.Count == 0 ? "none" : string.Join(", ", runtimes.Keys))}). " +
                    "Run 'dotnet build -t:EnvLock' without EnvLockedMode (it locks every platform in EnvLockRuntimeIdentifiers) and commit the lock.",
                    options.LockPath ?? spec.DeclaredIn);
            }
            if (locked is not null && _store.TryHold(locked.StorePath)) continue;
            var runtimeSpec = spec with { Package = package.Id, Version = version, Bin = [] };
            try
            {
                runtimes[package.RuntimeIdentifier] = await _packages.InstallAsync(runtimeSpec, package.Id, version, locked, package.RuntimeIdentifier, package.RuntimeIdentifier, ct).ConfigureAwait(false);
            }
            catch (EnvException e) when (options.LocksAllPlatforms(spec) && !string.Equals(platform, _rid, StringComparison.OrdinalIgnoreCase))
            {
                // Another platform's package: lock what can be locked, and say per platform what could not.
                options.Gaps.Add(platform, $"'{spec.Name}' needs {package.Id} {version}, which could not be fetched ({e.Code}: {e.Message})");
            }
        }
        return entry with { RuntimePackages = runtimes };
    }

    /// <summary>The package a pointer lists for <paramref name="rid"/>: the first along its fallback chain.</summary>
    private static DotnetToolRidPackage? PackageFor(DotnetToolInfo info, string rid) =>
        RuntimeIdentifierChain.Fallbacks(rid)
            .Select(r => info.RuntimeIdentifierPackages.FirstOrDefault(p => string.Equals(p.RuntimeIdentifier, r, StringComparison.OrdinalIgnoreCase)))
            .FirstOrDefault(p => p is not null);
}
