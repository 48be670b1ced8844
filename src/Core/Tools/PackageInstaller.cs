using Env.Core.Archives;
using Env.Core.Diagnostics;
using Env.Core.Fetching;
using Env.Core.Locking;
using Env.Core.Model;
using Env.Core.Nix;
using Env.Core.NuGet;
using Env.Core.Store;

namespace Env.Core.Tools;

/// <summary>
/// Installs one NuGet package as a store entry: from the download cache when the lock pins it, else
/// fetched through NuGet.Protocol; unzipped without packaging metadata, tool entry points and Bin made
/// executable, then added.
/// </summary>
/// <param name="offline">Never ask a feed: a package not in the download cache is ENV0120.</param>
internal sealed class PackageInstaller(EnvStore store, DownloadCache cache, Lazy<NuGetPackageFetcher> nuget, long maxUnpackedBytes, IEnvLog log, bool offline = false)
{
    /// <param name="toolRid">The platform whose tool entry points are made executable (zip-based packages lose the bit).</param>
    /// <param name="runtimePackageRid">For a RID-specific tool's runtime package, its RID (part of the entry's name); else null.</param>
    /// <param name="refine">
    /// Looks at the unpacked package before it is hashed and may give the spec its Bin (dotnet env run's <c>#COMMAND</c> of a
    /// package that is not a .NET tool), so the program is made executable in the one entry that is added.
    /// </param>
    public async Task<LockEntry> InstallAsync(ToolSpec spec, string packageId, string? exactVersion, LockEntry? locked, string toolRid, string? runtimePackageRid, CancellationToken ct, Func<string, ToolSpec>? refine = null)
    {
        var (nupkg, id, version, sourceHash, size) = await FetchPackageAsync(spec, packageId, exactVersion, locked, ct).ConfigureAwait(false);
        var staging = store.NewStagingPath(spec.Name);
        return await Task.Run(() =>
        {
            StoreEntry entry;
            string canonicalId;
            try
            {
                ArchiveExtractor.Extract(nupkg, ArchiveFormat.Zip, staging,
                    new ExtractionOptions($"{id} {version}", maxUnpackedBytes, StripRoot: false, UnescapeNames: true, ReportedFile: spec.DeclaredIn), ct);
                RemovePackagingMetadata(staging);
                canonicalId = CanonicalId(staging, id);
                if (refine is not null) spec = refine(staging);
                PrepareToolCommands(spec, id, staging, toolRid);
                StagedTool.PrepareBin(spec, staging, ct);
                var name = runtimePackageRid is null ? EntryName.ForTool(spec.Name, version) : EntryName.ForRuntimePackage(spec.Name, runtimePackageRid, version);
                entry = store.Add(staging, name, locked is null ? null : ContentHash.Parse(locked.NarHash), spec.DeclaredIn, ct);
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

    /// <summary>The version the feeds pick for <paramref name="spec"/> now (for an update), without downloading it.</summary>
    public Task<PackageIdentityResolved> ResolveAsync(ToolSpec spec, CancellationToken ct) =>
        offline
            ? throw OfflineGap.Error([new OfflineGap(spec.Name, spec.Version ?? "", spec.LockRid, $"package {spec.PackageId}: resolving a version asks the feeds")], spec.DeclaredIn)
            : nuget.Value.ResolveAsync(spec.PackageId, spec.Version!, ct);

    /// <summary>
    /// The .nupkg in the download cache, keyed by NuGet's content hash. A locked package found there needs no
    /// feed at all; a locked one that is not is downloaded by its exact version without listing any feed's
    /// versions; an unlocked one is resolved first.
    /// </summary>
    private async Task<(string Path, string Id, string Version, string SourceHash, long Size)> FetchPackageAsync(
        ToolSpec spec, string packageId, string? exactVersion, LockEntry? locked, CancellationToken ct)
    {
        if (locked is not null && ContentHash.TryParse(locked.SourceHash, out var lockedHash, out _) && cache.TryGet(lockedHash, ".nupkg") is { } cached)
        {
            log.Detail($"Using cached package {cached} for {packageId} {locked.Version}");
            return (cached, packageId, locked.Version, locked.SourceHash, new FileInfo(cached).Length);
        }

        // The restore checked what offline lacks before starting; this is the guard behind it.
        if (offline)
            throw OfflineGap.Error([new OfflineGap(spec.Name, locked?.Version ?? exactVersion ?? spec.Version ?? "", spec.LockRid, $"package {packageId} is not in the download cache")], spec.DeclaredIn);
        var fetcher = nuget.Value;
        var resolved = locked is not null
            ? new PackageIdentityResolved(packageId, locked.Version, Source: "")
            : await fetcher.ResolveAsync(packageId, exactVersion ?? spec.Version!, ct).ConfigureAwait(false);
        var temp = cache.NewTempPath();
        try
        {
            var (contentHash, size) = await fetcher.DownloadAsync(resolved, temp, ct, locked?.Size is > 0 ? locked.Size : null).ConfigureAwait(false);
            var sourceHash = ContentHash.Parse("sha512-" + contentHash);
            if (locked is not null && locked.SourceHash != sourceHash.ToSri())
            {
                throw new EnvException(EnvCode.ENV0408,
                    $"Package {resolved.Id} {resolved.Version} has content hash {sourceHash.ToSri()} on your feeds, but the lock records {locked.SourceHash}. A feed serves a different package under the same version; check your sources, or run 'dotnet build -t:EnvUpdate' if you trust the new one.",
                    spec.DeclaredIn);
            }
            return (cache.Commit(temp, sourceHash, ".nupkg"), resolved.Id, resolved.Version, sourceHash.ToSri(), size);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>The id as the package spells it (feeds match ids case-insensitively; the lock should not).</summary>
    private static string CanonicalId(string packageRoot, string fallback)
    {
        var id = NuGet.PackageXml.NuspecId(packageRoot, $"Package '{fallback}'");
        if (id is null) return fallback;
        return string.Equals(id, fallback, StringComparison.OrdinalIgnoreCase) ? id : fallback;
    }

    /// <summary>
    /// <see cref="DotnetToolManifest.TryRead(string, string)"/> of a package still in staging, whose errors (ENV0410,
    /// ENV0411) name the file inside the package, not the staging path: that is deleted as the error propagates.
    /// </summary>
    public static DotnetToolInfo? ReadStagedManifest(string staging, string rid, string packageId, string? declaredIn)
    {
        try
        {
            return DotnetToolManifest.TryRead(staging, rid);
        }
        catch (EnvException e) when (e.Code is EnvCode.ENV0410 or EnvCode.ENV0411)
        {
            var root = Path.TrimEndingDirectorySeparator(staging);
            var shown = $"package {packageId}:";
            var message = e.Message.Replace(root + Path.DirectorySeparatorChar, shown + "/", StringComparison.Ordinal).Replace(root, shown, StringComparison.Ordinal);
            throw new EnvException(e.Code, message, declaredIn, e);
        }
    }

    /// <summary>
    /// Refuses, before the package reaches the store, command names that are not plain file names (they become
    /// files in the profile's bin/), unless Bin names the commands instead; then makes native entry points
    /// executable (zip-based packages lose the bit).
    /// </summary>
    private static void PrepareToolCommands(ToolSpec spec, string packageId, string packageRoot, string rid)
    {
        var info = ReadStagedManifest(packageRoot, rid, packageId, spec.DeclaredIn);
        if (info is null) return;
        if (spec.Bin.Count == 0)
        {
            foreach (var name in info.CommandNames)
            {
                CommandName.Check(name, spec.Name, $"package {packageId}'s DotnetToolSettings.xml ({info.ToolDirectory})",
                    "The package is broken or hostile; do not use this version (or name the programs to expose with Bin=).", spec.DeclaredIn);
            }
        }
        foreach (var command in info.Commands.Where(c => c.Runner == "executable"))
        {
            var path = Path.Combine(packageRoot, command.ToolDirectory, command.EntryPoint);
            if (File.Exists(path)) StagedTool.MakeExecutable(path);
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
}
