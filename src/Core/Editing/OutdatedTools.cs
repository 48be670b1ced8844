using Env.Core.Diagnostics;
using Env.Core.Locking;
using Env.Core.NuGet;
using NuGet.Versioning;

namespace Env.Core.Editing;

/// <summary>
/// <c>dotnet env outdated</c>: for each package tool env.proj declares, the newest version on the project's feeds against
/// the one in use (<c>dotnet list package --outdated</c>). Archives have no feed to ask and are left out; so are tools
/// declared only in imported files.
/// </summary>
public static class OutdatedTools
{
    /// <param name="lockFile">env.lock.json, or null when there is none (the requested versions are then compared).</param>
    /// <param name="includePrerelease">Compare with the newest prerelease too, not only the newest stable version.</param>
    public static async Task<IReadOnlyList<OutdatedTool>> FindAsync(string projectFile, string? lockFile, bool includePrerelease, AddOptions options, CancellationToken ct) =>
        (await QueryAsync(projectFile, lockFile, includePrerelease, options, ct).ConfigureAwait(false)).Select(r => r.Row).ToList();

    /// <summary>
    /// Each row with the error the feeds gave for it, if any: <c>outdated</c> shows it in the row, <see cref="ToolUpdates"/>
    /// fails with it (its code, not a string).
    /// </summary>
    internal static async Task<IReadOnlyList<(OutdatedTool Row, EnvException? Error)>> QueryAsync(string projectFile, string? lockFile, bool includePrerelease, AddOptions options, CancellationToken ct)
    {
        var tools = EnvProjectEditor.Load(projectFile).Tools
            .Where(t => !t.IsArchive && t.Get("Version") is not null)
            .GroupBy(t => (t.Name, Package: t.PackageId, Version: t.Get("Version")!))
            .ToList();
        if (tools.Count == 0) return [];
        var locked = lockFile is not null && File.Exists(lockFile) ? LockFile.Load(lockFile) : new LockFile();

        var folder = Path.GetDirectoryName(Path.GetFullPath(projectFile))!;
        using var setup = options.SetupFor(folder, refreshHttpCache: true);
        var fetcher = setup.NuGet();
        var rows = await Task.WhenAll(tools.Select(async group =>
        {
            var (name, package, requested) = group.Key;
            var rids = group.Select(t => t.Get("Rid")).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var lockedVersion = (rids.Count == 0 ? ["any"] : rids).Select(r => locked.Find(name, r)).OfType<LockEntry>()
                .FirstOrDefault(e => e.Requested == requested)?.Version;
            try
            {
                var exact = NuGetVersion.TryParse(requested, out _);
                var wanted = exact ? requested : (await fetcher.ResolveAsync(package, requested, ct).ConfigureAwait(false)).Version;
                var current = NuGetVersion.Parse(lockedVersion ?? wanted);
                // A tool on a prerelease is compared with prereleases, as its user chose them.
                var latest = (await fetcher.ResolveAsync(package, includePrerelease || current.IsPrerelease ? "*-*" : "*", ct).ConfigureAwait(false)).Version;
                return (new OutdatedTool(name, package, rids, requested, lockedVersion, wanted, latest, NuGetVersion.Parse(latest) > current, null), (EnvException?)null);
            }
            catch (EnvException e)
            {
                return (new OutdatedTool(name, package, rids, requested, lockedVersion, null, null, false, $"{e.Code}: {e.Message}"), e);
            }
        })).ConfigureAwait(false);
        return rows.OrderBy(r => r.Item1.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }
}
