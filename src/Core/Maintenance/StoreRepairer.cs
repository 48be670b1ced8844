using Env.Core.Diagnostics;
using Env.Core.Fetching;
using Env.Core.Model;
using Env.Core.Nix;
using Env.Core.NuGet;
using Env.Core.Platforms;
using Env.Core.Store;
using Env.Core.Tools;

namespace Env.Core.Maintenance;

/// <summary>
/// <c>dotnet env verify --repair</c>, with the promise <c>nix-store --verify --repair</c> makes: afterwards every entry is
/// what its name says, or is gone and the envs that need it are named.
/// The caller finds the changed entries (<see cref="StoreVerifier"/>: each NAR hash against the fixed-output name) and
/// the lock entry that names each (<see cref="LockedSources"/>: env.lock.json, the locks of rooted envs, the run lock);
/// then, for one entry:
/// <list type="number">
/// <item>Aside: the changed entry moved into <c>.tmp</c> under the shared gc lock (a missing one is simply built).</item>
/// <item>Rebuild from its lock entry (<see cref="ToolInstaller"/>), as a restore would.</item>
/// <item>Check that the entry's name was made again, then delete what was moved aside.</item>
/// </list>
/// An entry whose content changed is moved aside (<see cref="EntryRemoval"/>) and
/// rebuilt exactly by <see cref="ToolInstaller"/> from the lock entry that names it — from the download cache when the
/// source is there, else from its URL or feed — which checks the source hash and then the NAR hash the entry's name
/// commits to. When the rebuild fails the bad entry is put back, no worse than before. An entry no lock names (a
/// profile, a home generation) is removed, and the envs whose roots reach it are named: building them makes it again.
/// </summary>
/// <param name="setup">
/// The same installer setup a build has (<see cref="InstallerSetup"/>): the download cache, the mirrors and substitutes,
/// offline mode and the download and unpack limits all apply to a repair.
/// </param>
public sealed class StoreRepairer(InstallerSetup setup)
{
    private readonly EnvStore store = setup.Store;
    private readonly IEnvLog log = setup.Log;

    /// <summary>Repairs one bad entry; throws ENV0313 (no source) or ENV0314 (rebuild failed).</summary>
    public async Task RepairAsync(string entryName, LockedSource? source, CancellationToken ct = default)
    {
        var layout = store.Layout;
        if (source is null)
        {
            var users = UsersOf(layout, entryName);
            if (StoreLayout.IsOccupied(layout.EntryPath(entryName))) RemoveBad(layout, entryName);
            throw new EnvException(EnvCode.ENV0313,
                $"{entryName} was changed and no lock says where it came from (a profile or a home generation is built, not fetched). It was removed; " +
                (users.Count == 0
                    ? "no root uses it, so nothing needs it back."
                    : $"build again what uses it to make it anew: {string.Join(", ", users)}."),
                layout.EntryPath(entryName));
        }

        // A missing entry (one an env uses, gone from the store) is simply built again; anything else is moved aside first.
        string? aside = null;
        if (StoreLayout.IsOccupied(layout.EntryPath(entryName)))
        {
            using (GcLock.Shared(layout, log)) aside = EntryRemoval.MoveAside(layout, entryName, "repair");
        }
        try
        {
            var rid = source.Rid == "any" || source.Pointer is null ? RuntimeIdentifierChain.Current() : source.Rid;
            var installer = setup.Installer(rid);
            var main = source.Pointer ?? source.Entry;
            var spec = SpecFor(source.Tool, source.Rid, main, source.LockFile);
            // Offline, what the cache and local mirrors cannot give is named (ENV0120) before anything is fetched.
            if (setup.Sources.Offline && installer.MissingOffline(spec, main) is { } gap) throw OfflineGap.Error([gap], source.LockFile);
            await installer.InstallAsync(spec, main, setup.RestoreOptions() with { Rid = rid }, ct).ConfigureAwait(false);
            if (!layout.HasEntry(entryName))
                throw new EnvException(EnvCode.ENV0314, $"Rebuilding {source.Tool} from {source.LockFile} did not make {entryName} again.", source.LockFile);
            if (aside is not null) ReadOnlyTree.Delete(aside);
            log.Info($"Repaired {entryName} from {(source.Entry.Url is { } url ? UrlRedaction.Redact(url) : source.Entry.Package + " " + source.Entry.Version)}");
        }
        catch (Exception e)
        {
            if (aside is not null) PutBack(layout, entryName, aside);
            if (e is not (EnvException or IOException or HttpRequestException or UnauthorizedAccessException)) throw;
            var why = e is EnvException env ? $"{env.Code}: {env.Message}" : e.Message;
            throw new EnvException(EnvCode.ENV0314,
                $"Could not rebuild {entryName} ({source.Tool}, locked in {source.LockFile}): {why} The changed entry was put back; fix the cause (network, feed, cache) and run 'dotnet env verify --repair' again.",
                source.LockFile, e);
        }
    }

    /// <summary>The links of the roots whose closure holds the entry: the envs and home generations that use it.</summary>
    public static IReadOnlyList<string> UsersOf(StoreLayout layout, string entryName)
    {
        var present = StoreEntryName.InStore(layout);
        return GcRoots.Enumerate(layout)
            .Where(r => r.Entry is not null && StoreClosure.Of(layout, [r.Entry], present).Contains(entryName))
            .Select(r => r.Link)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private void RemoveBad(StoreLayout layout, string entryName)
    {
        using (GcLock.Shared(layout, log)) EntryRemoval.Remove(layout, entryName);
    }

    private static void PutBack(StoreLayout layout, string entryName, string aside)
    {
        if (!StoreLayout.IsOccupied(aside)) return;
        if (StoreLayout.IsOccupied(layout.EntryPath(entryName)))
        {
            ReadOnlyTree.Delete(aside);
            return;
        }
        if (!StoreLayout.IsRealFolder(aside))
        {
            AtomicFile.Rename(aside, layout.EntryPath(entryName)); // a link or a file put back as it was, for its owner to see
            return;
        }
        Directory.Move(aside, layout.EntryPath(entryName));
        ReadOnlyTree.SealRoot(layout.EntryPath(entryName));
    }

    /// <summary>The tool item the lock entry was made from, as far as the entry depends on it.</summary>
    internal static ToolSpec SpecFor(string tool, string rid, Locking.LockEntry entry, string lockFile) =>
        entry.Kind == Locking.LockEntry.ArchiveKind
            ? new ToolSpec
            {
                Name = tool,
                Version = entry.Version,
                Rid = rid == "any" ? null : rid,
                Url = ToolUrl.Parse(tool, entry.Url ?? "", lockFile),
                UrlAsWritten = entry.Url,
                Hash = ContentHash.Parse(entry.SourceHash),
                Executable = entry.Executable,
                StripRoot = entry.StripRoot ?? true,
                Bin = entry.Bin,
                DeclaredIn = lockFile,
            }
            : new ToolSpec
            {
                Name = tool,
                Version = entry.Requested,
                Rid = rid == "any" ? null : rid,
                Package = entry.Package,
                Bin = entry.Bin,
                DeclaredIn = lockFile,
            };
}
