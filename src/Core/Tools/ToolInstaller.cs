using Env.Core.Archives;
using Env.Core.Diagnostics;
using Env.Core.Fetching;
using Env.Core.Locking;
using Env.Core.Nix;
using Env.Core.NuGet;
using Env.Core.Store;

namespace Env.Core.Tools;

/// <summary>
/// Makes one tool item real in the store and says what the lock records for it. With a matching lock
/// entry whose store entry exists it does nothing at all; with a matching entry that the store lacks it
/// rebuilds that exact entry (source hash and NAR hash checked); otherwise it resolves afresh.
/// </summary>
public sealed class ToolInstaller
{
    private readonly EnvStore _store;
    private readonly UrlFetcher _urls;
    private readonly Lazy<NuGetPackageFetcher> _nuget;
    private readonly DownloadCache _cache;
    private readonly long _maxUnpackedBytes;
    private readonly string _rid;
    private readonly IEnvLog _log;

    public ToolInstaller(EnvStore store, DownloadCache cache, Func<NuGetPackageFetcher> nuget, long maxUnpackedBytes, string rid, IEnvLog log)
    {
        _rid = rid;
        _store = store;
        _cache = cache;
        _urls = new UrlFetcher(cache, log);
        _nuget = new Lazy<NuGetPackageFetcher>(nuget, LazyThreadSafetyMode.ExecutionAndPublication);
        _maxUnpackedBytes = maxUnpackedBytes;
        _log = log;
    }

    /// <summary>Whether <paramref name="entry"/> was made from exactly what <paramref name="spec"/> asks for.</summary>
    public static bool Matches(ToolSpec spec, LockEntry entry)
    {
        if (!spec.Bin.SequenceEqual(entry.Bin, StringComparer.Ordinal)) return false;
        if (spec.IsArchive)
        {
            return entry.Kind == LockEntry.ArchiveKind
                && entry.Url == spec.Url!.OriginalString
                && entry.Requested == spec.Version
                && entry.Executable == spec.Executable
                && (entry.StripRoot ?? true) == spec.StripRoot
                && spec.Hash is { } h && ContentHash.TryParse(entry.SourceHash, out var locked, out _) && locked.Equals(h);
        }
        return entry.Kind == LockEntry.NuGetKind
            && string.Equals(entry.Package, spec.PackageId, StringComparison.OrdinalIgnoreCase)
            && entry.Requested == spec.Version;
    }

    /// <param name="locked">The lock's entry for this item, if it matches the item.</param>
    /// <param name="allRuntimes">For RID-specific .NET tools: fetch every platform's package, not only this machine's.</param>
    public async Task<LockEntry> InstallAsync(ToolSpec spec, LockEntry? locked, bool allRuntimes, CancellationToken ct)
    {
        var entry = await InstallMainAsync(spec, locked, ct).ConfigureAwait(false);
        return spec.IsArchive ? entry : await InstallRuntimePackagesAsync(spec, entry, allRuntimes, ct).ConfigureAwait(false);
    }

    private async Task<LockEntry> InstallMainAsync(ToolSpec spec, LockEntry? locked, CancellationToken ct)
    {
        if (locked is not null)
        {
            if (_store.Contains(locked.StorePath)) return locked;
            _log.Info($"Restoring {spec.Name} {locked.Version} ({spec.LockRid}) into the store");
            var rebuilt = spec.IsArchive
                ? await InstallArchiveAsync(spec, ContentHash.Parse(locked.NarHash), ct).ConfigureAwait(false)
                : await InstallPackageAsync(spec, spec.PackageId, locked.Version, locked, _rid, ct).ConfigureAwait(false);
            if (rebuilt.StorePath != locked.StorePath)
            {
                throw new EnvException("ENV0303",
                    $"Tool '{spec.Name}' rebuilt to {rebuilt.StorePath}, but the lock records {locked.StorePath}. Run 'dotnet build -t:EnvUpdate' if the change is expected.",
                    spec.DeclaredIn);
            }
            return locked;
        }
        return spec.IsArchive
            ? await InstallArchiveAsync(spec, null, ct).ConfigureAwait(false)
            : await InstallPackageAsync(spec, spec.PackageId, null, null, _rid, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// A .NET 10 RID-specific tool's package holds only DotnetToolSettings.xml naming <c>&lt;id&gt;.&lt;rid&gt;</c>
    /// packages; the program is in those. They are pinned in the lock under the tool's entry.
    /// </summary>
    private async Task<LockEntry> InstallRuntimePackagesAsync(ToolSpec spec, LockEntry entry, bool allRuntimes, CancellationToken ct)
    {
        var info = DotnetToolManifest.TryRead(_store.Layout.EntryPath(entry.StorePath), _rid);
        if (info is null || !info.IsRidSpecificPointer) return entry;
        IReadOnlyList<DotnetToolRidPackage> wanted = allRuntimes
            ? info.RuntimeIdentifierPackages
            : info.RuntimeIdentifierPackage is { } forHere ? [forHere] : [];
        if (wanted.Count == 0)
        {
            throw new EnvException("ENV0410",
                $"Tool '{spec.Name}' ({entry.Package} {entry.Version}) is built for {string.Join(", ", info.RuntimeIdentifierPackages.Select(p => p.RuntimeIdentifier))} only, not for this platform ({_rid}).",
                spec.DeclaredIn);
        }
        var runtimes = new SortedDictionary<string, LockEntry>(entry.RuntimePackages ?? new(), StringComparer.Ordinal);
        foreach (var package in wanted)
        {
            var version = package.Version ?? entry.Version;
            var locked = runtimes.GetValueOrDefault(package.RuntimeIdentifier);
            if (locked is not null && (!string.Equals(locked.Package, package.Id, StringComparison.OrdinalIgnoreCase) || locked.Version != version))
                locked = null;
            if (locked is not null && _store.Contains(locked.StorePath)) continue;
            var runtimeSpec = spec with { Package = package.Id, Version = version, Bin = [] };
            runtimes[package.RuntimeIdentifier] = await InstallPackageAsync(runtimeSpec, package.Id, version, locked, package.RuntimeIdentifier, ct).ConfigureAwait(false);
        }
        return entry with { RuntimePackages = runtimes };
    }

    private async Task<LockEntry> InstallArchiveAsync(ToolSpec spec, ContentHash? expectedNar, CancellationToken ct)
    {
        var fetched = await _urls.FetchAsync(spec.Name, spec.Url!, spec.Hash, spec.DeclaredIn, ct).ConfigureAwait(false);
        var staging = _store.NewStagingPath(spec.Name);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var extractResult = await Task.Run(() =>
        {
            if (spec.Executable)
            {
                Directory.CreateDirectory(staging);
                // Named after the tool, not the download: 'jq', not 'jq-linux-amd64'.
                var target = Path.Combine(staging, spec.Name);
                File.Copy(fetched.Path, target);
                MakeExecutable(target);
                return (ExtractionResult?)null;
            }
            var format = ArchiveFormats.FromFileName(spec.Url!.AbsolutePath)!.Value;
            return ArchiveExtractor.Extract(fetched.Path, format, staging,
                new ExtractionOptions(spec.Url!.OriginalString, _maxUnpackedBytes, spec.StripRoot));
        }, ct).ConfigureAwait(false);
        if (extractResult is not null)
            _log.Detail($"Unpacked {spec.Name}: {extractResult.FileCount} files, {extractResult.UnpackedBytes} bytes in {clock.Elapsed.TotalSeconds:0.00}s");
        clock.Restart();

        return await Task.Run(() =>
        {
            StoreEntry entry;
            try
            {
                PrepareBin(spec, staging);
                entry = _store.Add(staging, $"{spec.Name}-{spec.Version}", expectedNar, spec.DeclaredIn);
                _log.Detail($"Hashed and added {spec.Name} in {clock.Elapsed.TotalSeconds:0.00}s");
            }
            finally
            {
                ReadOnlyTree.Delete(staging);
            }
            return new LockEntry
            {
                Kind = LockEntry.ArchiveKind,
                Url = spec.Url!.OriginalString,
                Requested = spec.Version!,
                Version = spec.Version!,
                SourceHash = fetched.Hash.ToSri(),
                Size = fetched.Size,
                NarHash = entry.NarHash.ToSri(),
                StorePath = entry.Name,
                Executable = spec.Executable,
                StripRoot = spec.StripRoot ? null : false,
                Bin = spec.Bin,
            };
        }, ct).ConfigureAwait(false);
    }

    /// <param name="toolRid">The platform whose tool entry points are made executable (zip-based packages lose the bit).</param>
    private async Task<LockEntry> InstallPackageAsync(ToolSpec spec, string packageId, string? exactVersion, LockEntry? locked, string toolRid, CancellationToken ct)
    {
        var (nupkg, id, version, sourceHash, size) = await FetchPackageAsync(spec, packageId, exactVersion, locked, ct).ConfigureAwait(false);
        var staging = _store.NewStagingPath(spec.Name);
        return await Task.Run(() =>
        {
            StoreEntry entry;
            string canonicalId;
            try
            {
                ArchiveExtractor.Extract(nupkg, ArchiveFormat.Zip, staging, new ExtractionOptions($"{id} {version}", _maxUnpackedBytes, StripRoot: false, UnescapeNames: true));
                RemovePackagingMetadata(staging);
                canonicalId = CanonicalId(staging, id);
                MakeToolEntryPointsExecutable(staging, toolRid);
                PrepareBin(spec, staging);
                entry = _store.Add(staging, $"{spec.Name}-{version}", locked is null ? null : ContentHash.Parse(locked.NarHash), spec.DeclaredIn);
            }
            finally
            {
                ReadOnlyTree.Delete(staging);
            }
            return new LockEntry
            {
                Kind = LockEntry.NuGetKind,
                Package = canonicalId,
                Requested = spec.Version!,
                Version = version,
                SourceHash = sourceHash,
                Size = size,
                NarHash = entry.NarHash.ToSri(),
                StorePath = entry.Name,
                Bin = spec.Bin,
            };
        }, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The .nupkg in the download cache, keyed by NuGet's content hash. A locked package found there needs no
    /// feed at all; a locked one that is not is downloaded by its exact version without listing any feed's
    /// versions; an unlocked one is resolved first.
    /// </summary>
    private async Task<(string Path, string Id, string Version, string SourceHash, long Size)> FetchPackageAsync(
        ToolSpec spec, string packageId, string? exactVersion, LockEntry? locked, CancellationToken ct)
    {
        if (locked is not null && ContentHash.TryParse(locked.SourceHash, out var lockedHash, out _) && _cache.TryGet(lockedHash, ".nupkg") is { } cached)
        {
            _log.Detail($"Using cached package {cached} for {packageId} {locked.Version}");
            return (cached, packageId, locked.Version, locked.SourceHash, new FileInfo(cached).Length);
        }

        var nuget = _nuget.Value;
        var resolved = locked is not null
            ? new PackageIdentityResolved(packageId, locked.Version, Source: "")
            : await nuget.ResolveAsync(packageId, exactVersion ?? spec.Version!, ct).ConfigureAwait(false);
        var temp = _cache.NewTempPath();
        try
        {
            var (contentHash, size) = await nuget.DownloadAsync(resolved, temp, ct).ConfigureAwait(false);
            var sourceHash = ContentHash.Parse("sha512-" + contentHash);
            if (locked is not null && locked.SourceHash != sourceHash.ToSri())
            {
                throw new EnvException("ENV0408",
                    $"Package {resolved.Id} {resolved.Version} has content hash {sourceHash.ToSri()} on your feeds, but the lock records {locked.SourceHash}. A feed serves a different package under the same version; check your sources, or run 'dotnet build -t:EnvUpdate' if you trust the new one.",
                    spec.DeclaredIn);
            }
            return (_cache.Commit(temp, sourceHash, ".nupkg"), resolved.Id, resolved.Version, sourceHash.ToSri(), size);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>The id as the package spells it (feeds match ids case-insensitively; the lock should not).</summary>
    private static string CanonicalId(string packageRoot, string fallback)
    {
        var nuspec = Directory.EnumerateFiles(packageRoot, "*.nuspec").FirstOrDefault();
        if (nuspec is null) return fallback;
        var id = new global::NuGet.Packaging.NuspecReader(nuspec).GetId();
        return string.Equals(id, fallback, StringComparison.OrdinalIgnoreCase) ? id : fallback;
    }

    private static void MakeToolEntryPointsExecutable(string packageRoot, string rid)
    {
        var info = DotnetToolManifest.TryRead(packageRoot, rid);
        if (info is null) return;
        foreach (var command in info.Commands.Where(c => c.Runner == "executable"))
        {
            var path = Path.Combine(packageRoot, command.ToolDirectory, command.EntryPoint);
            if (File.Exists(path)) MakeExecutable(path);
        }
    }

    private static void RemovePackagingMetadata(string root)
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(root).ToList())
        {
            var name = Path.GetFileName(path);
            if (!NupkgLayout.IsPackagingMetadata(Directory.Exists(path) ? name + "/" : name)) continue;
            if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
            else File.Delete(path);
        }
    }

    /// <summary>Bin files must exist, and are made executable before hashing: zip-based packages lose the bit.</summary>
    private static void PrepareBin(ToolSpec spec, string staging)
    {
        foreach (var bin in spec.Bin)
        {
            var path = Path.Combine(staging, bin);
            if (!File.Exists(path))
            {
                var offered = Directory.EnumerateFiles(staging, "*", SearchOption.AllDirectories)
                    .Select(f => Path.GetRelativePath(staging, f).Replace('\\', '/'))
                    .Order(StringComparer.Ordinal).Take(15);
                throw new EnvException("ENV0006",
                    $"Tool '{spec.Name}': Bin path '{bin}' is not a file in the {(spec.IsArchive ? "archive" : "package")}. It holds, among others: {string.Join(", ", offered)}. Fix Bin in env.proj.",
                    spec.DeclaredIn);
            }
            MakeExecutable(path);
        }
    }

    private static void MakeExecutable(string path)
    {
        if (OperatingSystem.IsWindows()) return;
        File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
    }
}
