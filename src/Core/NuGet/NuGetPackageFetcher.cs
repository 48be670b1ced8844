using Env.Core.Diagnostics;
using NuGet.Configuration;
using NuGet.Packaging;
using NuGet.Protocol;
using NuGet.Protocol.Core.Types;
using NuGet.Versioning;
using ILogger = NuGet.Common.ILogger;

namespace Env.Core.NuGet;

/// <summary>
/// Finds and downloads .nupkg files the way <c>dotnet restore</c> would see them: the same nuget.config files
/// (from the settings root up to the file-system root, then the user's and the machine's), the same enabled sources,
/// credentials (packageSourceCredentials) and package source mapping, and NuGet's HTTP cache (NUGET_HTTP_CACHE_PATH).
/// It never reads or writes the global packages folder: the store keeps its own copies.
/// <list type="number">
/// <item>Settings: nuget.config read once, its enabled sources and their mapping.</item>
/// <item>Resolve (<see cref="ResolveAsync"/>): the version asked for, from the sources that may serve the id.</item>
/// <item>Download (<see cref="DownloadAsync"/>): from the source it was resolved on, else another that may serve it,
/// bounded as archive downloads are, written under a temporary name and renamed.</item>
/// </list>
/// Each failure is one coded error naming the package and the sources asked (ENV0402–ENV0407); a failed download leaves
/// no file at the destination.
/// </summary>
public sealed class NuGetPackageFetcher : IDisposable
{
    private const int MaxVersionsListed = 20;

    private readonly IEnvLog _log;
    private readonly Fetching.TransferTotals? _totals;
    private readonly Fetching.DownloadLimits _limits;
    private readonly ILogger _nugetLog;
    private readonly ISettings _settings;

    /// <summary>Where the nuget.config lookup starts: the folder a message may name (an env's, or the current one for run).</summary>
    private readonly string _root;
    private readonly IReadOnlyList<PackageSource> _sources;
    private readonly PackageSourceMapping _mapping;
    private readonly SourceCacheContext _cache = new();
    private readonly Dictionary<string, SourceRepository> _repositories = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="settingsRoot">The folder where the nuget.config lookup starts (the env.proj folder).</param>
    /// <param name="log">Where progress and NuGet's own messages go.</param>
    /// <param name="limits">Bounds every package download as archive downloads are (size, whole-download deadline).</param>
    public NuGetPackageFetcher(string settingsRoot, IEnvLog log, Fetching.TransferTotals? totals = null, Fetching.DownloadLimits? limits = null)
    {
        _totals = totals;
        _limits = limits ?? Fetching.DownloadLimits.Default;
        ArgumentException.ThrowIfNullOrWhiteSpace(settingsRoot);
        _log = log ?? throw new ArgumentNullException(nameof(log));
        _nugetLog = new NuGetLogAdapter(log);
        NuGetClientSetup.EnsureConfigured();
        var root = _root = Path.GetFullPath(settingsRoot);
        try
        {
            _settings = Settings.LoadDefaultSettings(root);
            _sources = new PackageSourceProvider(_settings).LoadPackageSources().Where(s => s.IsEnabled).ToList();
            _mapping = PackageSourceMapping.GetPackageSourceMapping(_settings);
        }
        catch (NuGetConfigurationException e)
        {
            throw MalformedConfig(root, e);
        }
        catch (Exception e) when (e is System.Xml.XmlException or InvalidOperationException or ArgumentException or UriFormatException)
        {
            throw MalformedConfig(root, e);
        }
        _log.Detail($"NuGet configuration: {string.Join(", ", _settings.GetConfigFilePaths())}");
    }

    /// <summary>
    /// When true, HTTP feeds are asked again instead of answering from NuGet's HTTP cache (entries younger than 30
    /// minutes), as <c>dotnet restore --no-http-cache</c> does: for updates that must see versions published just now.
    /// </summary>
    public bool RefreshHttpCache
    {
        get => _cache.NoCache;
        set => _cache.NoCache = value;
    }

    /// <summary>The enabled sources from nuget.config, in configuration order.</summary>
    public IReadOnlyList<string> SourceNames => _sources.Select(s => s.Name).ToList();

    /// <summary>
    /// Picks the version of <paramref name="id"/> that <paramref name="versionSpec"/> asks for from the sources that may
    /// serve it (package source mapping applied). Exact versions must exist as given; floating versions take the highest
    /// match across all sources; ranges the lowest, as restore does. ENV0402/ENV0460/ENV0403/ENV0404/ENV0405/ENV0406 on failure.
    /// </summary>
    public async Task<PackageIdentityResolved> ResolveAsync(string id, string versionSpec, CancellationToken ct)
    {
        ValidateId(id);
        var spec = VersionSpec.Parse(id, versionSpec);
        var sources = SourcesFor(id);

        var listings = await Task.WhenAll(sources.Select(s => ListVersionsAsync(s, id, ct))).ConfigureAwait(false);
        var all = listings.SelectMany(l => l.Versions).Distinct<NuGetVersion>(VersionComparer.Default).OrderBy(v => v, VersionComparer.Default).ToList();
        if (all.Count == 0)
        {
            throw new EnvException(EnvCode.ENV0403,
                $"Package '{id}' was not found on any of the sources asked: {Describe(sources)}. " +
                $"Check the id's spelling, or add a source that has it to nuget.config{MappingHint(id)}.");
        }

        var best = spec.BestMatch(all);
        if (best is null)
        {
            var shown = all.Count <= MaxVersionsListed
                ? string.Join(", ", all.Select(v => v.ToNormalizedString()))
                : string.Join(", ", all.Skip(all.Count - MaxVersionsListed).Select(v => v.ToNormalizedString())) + $" (the {MaxVersionsListed} highest of {all.Count})";
            var prereleaseHint = all.All(v => v.IsPrerelease) && !spec.Text.Contains('-')
                ? " Only prereleases exist: ask for one exactly, or float with a prerelease label (e.g. '*-*')."
                : "";
            throw new EnvException(EnvCode.ENV0404,
                $"No version of package '{id}' matches '{spec}'. Available on {Describe(sources)}: {shown}.{prereleaseHint} Ask for one of these.");
        }

        var from = listings.First(l => l.Versions.Contains(best, VersionComparer.Default)).Source;
        var resolved = new PackageIdentityResolved(id, best.ToNormalizedString(), from.Name);
        _log.Detail($"Resolved {id} {spec} to {resolved.Version} on source '{from.Name}' ({from.Source}).");
        return resolved;
    }

    /// <summary>
    /// Downloads <paramref name="package"/> to <paramref name="destinationFile"/> (written beside it under a temporary
    /// name, then renamed) from the source it was resolved on, or failing that, another source that may serve it.
    /// Returns NuGet's content hash (base64 SHA-512 as packages.lock.json records it; for a signed package, of the
    /// package without its signature) and the file's size. ENV0406/ENV0407 on failure.
    /// </summary>
    /// <param name="expectedSize">The size the lock records, so progress can show the total (feeds do not say it up front).</param>
    public async Task<(string ContentHash, long Size)> DownloadAsync(PackageIdentityResolved package, string destinationFile, CancellationToken ct, long? expectedSize = null)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentException.ThrowIfNullOrWhiteSpace(destinationFile);
        ValidateId(package.Id);
        if (!NuGetVersion.TryParse(package.Version, out var version))
            throw new EnvException(EnvCode.ENV0405, $"'{package.Version}' is not a valid version of package '{package.Id}'.");

        var mapped = SourcesFor(package.Id);
        var preferred = mapped.FirstOrDefault(s => s.Name.Equals(package.Source, StringComparison.OrdinalIgnoreCase) || s.Source.Equals(package.Source, StringComparison.Ordinal));
        if (preferred is null)
            _log.Detail($"Source '{package.Source}' is not configured for '{package.Id}' here; trying {Describe(mapped)}.");
        var order = preferred is null ? mapped : [preferred, .. mapped.Where(s => s != preferred)];

        destinationFile = Path.GetFullPath(destinationFile);
        Directory.CreateDirectory(Path.GetDirectoryName(destinationFile)!);
        var temp = $"{destinationFile}.{Guid.NewGuid():N}.tmp";
        try
        {
            foreach (var source in order)
            {
                ct.ThrowIfCancellationRequested();
                var cacheUse = new HttpCacheUse(_nugetLog);
                if (!await CopyAsync(source, package.Id, version, temp, expectedSize, cacheUse, ct).ConfigureAwait(false)) continue;

                var hash = HashAndCheck(temp, package.Id, version, source, ct);
                var size = new FileInfo(temp).Length;
                File.Move(temp, destinationFile, overwrite: true);
                // What NuGet's HTTP cache served was downloaded before (by 'dotnet env add', another restore): said as
                // such, and not counted. A folder feed is a copy, not a download.
                if (source.IsHttp && cacheUse.FromCache)
                {
                    _log.Info($"Took {package.Id} {version.ToNormalizedString()} from the NuGet cache ({Fetching.TransferProgress.Size(size)}, source '{source.Name}').");
                }
                else
                {
                    _log.Info($"Downloaded {package.Id} {version.ToNormalizedString()} from '{source.Name}' ({Fetching.TransferProgress.Size(size)}).");
                    if (source.IsHttp) _totals?.Add(size);
                }
                return (hash, size);
            }
        }
        finally
        {
            TryDelete(temp);
        }

        throw new EnvException(EnvCode.ENV0407,
            $"Package '{package.Id}' {version.ToNormalizedString()} is no longer on {Describe(order)}. " +
            "It may have been deleted from the feed; resolve the version again (update the lock) or restore the feed.");
    }

    public void Dispose() => _cache.Dispose();

    private async Task<bool> CopyAsync(PackageSource source, string id, NuGetVersion version, string temp, long? expectedSize, ILogger nugetLog, CancellationToken ct)
    {
        var what = $"{id} {version.ToNormalizedString()}";
        // The lock's size when there is one (a package can only be that size), else EnvMaxDownloadSize.
        var cap = expectedSize is > 0 ? Math.Min(expectedSize.Value, _limits.MaxBytes) : _limits.MaxBytes;
        using var deadline = _limits.Deadline(ct);
        try
        {
            var resource = await FindByIdAsync(source, deadline.Token).ConfigureAwait(false);
            await using var stream = new FileStream(temp, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, useAsync: true);
            var counted = new Fetching.ProgressWriteStream(stream, new Fetching.TransferProgress(what, expectedSize, _log), cap,
                () => new EnvException(EnvCode.ENV0106,
                    $"Package {what} from '{source.Name}' is larger than {(cap == expectedSize ? $"the {cap} bytes the lock records" : $"EnvMaxDownloadSize ({cap} bytes)")}. " +
                    "The feed serves something else under this version, or the package really is this large (then raise EnvMaxDownloadSize). Nothing was installed."));
            return await resource.CopyNupkgToStreamAsync(id, version, counted, _cache, nugetLog, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (Inner<EnvException>(e) is { } refused && e is not EnvException)
        {
            // NuGet wraps what our stream threw; report it as we raised it.
            throw refused;
        }
        catch (Exception e) when (e is not EnvException && DiskFull.Find(e) is { } full)
        {
            // Our disk, not the feed: the package could not be written into the download cache.
            throw DiskFull.Error(EnvCode.ENV0112, Path.GetDirectoryName(temp)!, $"package {what} from '{source.Name}'",
                "or set ENVSDK_CACHE to a folder on another disk", null, full);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new EnvException(EnvCode.ENV0107,
                $"The download of package {what} from '{source.Name}' did not finish within {_limits.Timeout.TotalSeconds:0}s (EnvDownloadTimeout). If your connection really is this slow, raise EnvDownloadTimeout. Nothing was installed.");
        }
        catch (Exception e) when (IsSourceFailure(e, ct))
        {
            throw SourceFailed(source, id, e);
        }
    }

    private static string HashAndCheck(string file, string id, NuGetVersion version, PackageSource source, CancellationToken ct)
    {
        try
        {
            // NuGet reads the .nuspec whole, and the zip's directory too: both bounded first.
            PackageXml.CheckNuspecIn(file, $"Package '{id}' {version.ToNormalizedString()} from source '{source.Name}'");
            using var reader = new PackageArchiveReader(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read), leaveStreamOpen: false);
            var identity = reader.GetIdentity();
            if (!identity.Id.Equals(id, StringComparison.OrdinalIgnoreCase) || !VersionComparer.Default.Equals(identity.Version, version))
            {
                throw new EnvException(EnvCode.ENV0407,
                    $"Source '{source.Name}' ({source.Source}) served '{identity.Id}' {identity.Version.ToNormalizedString()} when asked for '{id}' {version.ToNormalizedString()}. " +
                    "The feed is inconsistent; fix or remove the package there.");
            }
            return reader.GetContentHash(ct);
        }
        catch (Exception e) when (e is InvalidDataException or global::NuGet.Packaging.Core.PackagingException or System.Xml.XmlException)
        {
            throw new EnvException(EnvCode.ENV0407,
                $"The package '{id}' {version.ToNormalizedString()} from source '{source.Name}' ({source.Source}) is not a valid .nupkg: {e.Message} " +
                "The feed holds a damaged file; replace it there, or ask the feed's owners.", inner: e);
        }
    }

    private async Task<(PackageSource Source, IReadOnlyList<NuGetVersion> Versions)> ListVersionsAsync(PackageSource source, string id, CancellationToken ct)
    {
        try
        {
            var resource = await FindByIdAsync(source, ct).ConfigureAwait(false);
            var versions = await resource.GetAllVersionsAsync(id, _cache, _nugetLog, ct).ConfigureAwait(false);
            var list = versions?.ToList() ?? [];
            _log.Detail($"Source '{source.Name}' has {list.Count} version(s) of {id}.");
            return (source, list);
        }
        catch (Exception e) when (IsSourceFailure(e, ct))
        {
            throw SourceFailed(source, id, e);
        }
    }

    private async Task<FindPackageByIdResource> FindByIdAsync(PackageSource source, CancellationToken ct)
    {
        SourceRepository repository;
        lock (_repositories)
        {
            if (!_repositories.TryGetValue(source.Name, out repository!))
                _repositories[source.Name] = repository = Repository.Factory.GetCoreV3(source);
        }
        return await repository.GetResourceAsync<FindPackageByIdResource>(ct).ConfigureAwait(false)
            ?? throw new EnvException(EnvCode.ENV0406, $"Source '{source.Name}' ({source.Source}) does not offer package downloads by id. Check its URL in nuget.config: a v3 feed ends in index.json.");
    }

    /// <summary>The enabled sources that may serve <paramref name="id"/>, in configuration order (ENV0402 when none is enabled, ENV0460 when the mapping sends the id to none).</summary>
    private IReadOnlyList<PackageSource> SourcesFor(string id)
    {
        if (_sources.Count == 0)
        {
            throw new EnvException(EnvCode.ENV0402,
                $"No package source is enabled in the NuGet configuration ({string.Join(", ", _settings.GetConfigFilePaths())}), so '{id}' cannot be fetched. " +
                $"Add one under <packageSources> in a nuget.config in {_root} or a folder above it, or enable a disabled one.");
        }
        if (!_mapping.IsEnabled) return _sources;

        var names = _mapping.GetConfiguredPackageSources(id);
        var mapped = _sources.Where(s => names.Contains(s.Name, StringComparer.OrdinalIgnoreCase)).ToList();
        if (mapped.Count == 0)
        {
            throw new EnvException(EnvCode.ENV0460,
                $"Package source mapping sends '{id}' to {(names.Count == 0 ? "no source" : "sources that are not enabled: " + string.Join(", ", names))}. " +
                $"Add a <package pattern=\"{id}\" /> under the right source in <packageSourceMapping> of nuget.config, or enable that source.");
        }
        return mapped;
    }

    private static void ValidateId(string id)
    {
        if (string.IsNullOrWhiteSpace(id) || !PackageIdValidator.IsValidPackageId(id))
            throw new EnvException(EnvCode.ENV0405, $"'{id}' is not a valid NuGet package id (letters, digits, '.', '-' and '_' only, at most {PackageIdValidator.MaxPackageIdLength} characters).");
    }

    private string MappingHint(string id) => _mapping.IsEnabled ? $" and map '{id}' to it in <packageSourceMapping>" : "";

    private static string Describe(IEnumerable<PackageSource> sources) => string.Join(", ", sources.Select(s => $"'{s.Name}' ({s.Source})"));

    /// <summary>Anything a source throws, except a cancellation the caller asked for and our own errors.</summary>
    private static T? Inner<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
            if (e is T found) return found;
        return null;
    }

    private static bool IsSourceFailure(Exception e, CancellationToken ct) =>
        e is not EnvException && !(e is OperationCanceledException && ct.IsCancellationRequested);

    private static EnvException SourceFailed(PackageSource source, string id, Exception e)
    {
        if (FeedAuthentication.Refused(source, id, e) is { } refused) return refused;
        var reason = e.InnerException is { } inner && inner.Message != e.Message ? $"{e.Message} ({inner.Message})" : e.Message;
        var what = source.IsLocal ? "folder" : "feed";
        return new EnvException(EnvCode.ENV0406,
            $"Package source '{source.Name}' ({source.Source}) failed while looking up '{id}': {reason} " +
            $"Check that the {what} is reachable and its URL and credentials in nuget.config are right; " +
            $"if the source is not needed, disable it (dotnet nuget disable source \"{source.Name}\") or map '{id}' to other sources with <packageSourceMapping>.",
            inner: e);
    }

    private static EnvException MalformedConfig(string root, Exception e)
    {
        var file = ConfigFileIn(e.Message);
        return new EnvException(EnvCode.ENV0401,
            $"The NuGet configuration that applies to '{root}' cannot be read: {e.Message} Fix or remove the file{(file is null ? "" : $" '{file}'")}.",
            file, e);
    }

    /// <summary>NuGet names the bad file in its message ("… Path: '/x/nuget.config'.").</summary>
    private static string? ConfigFileIn(string message)
    {
        var m = System.Text.RegularExpressions.Regex.Match(message, @"Path: '(?<p>[^']+)'");
        return m.Success ? m.Groups["p"].Value : null;
    }

    private static void TryDelete(string file)
    {
        try
        {
            if (File.Exists(file)) File.Delete(file);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
