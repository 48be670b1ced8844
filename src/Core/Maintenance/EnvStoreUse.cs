using Env.Core.Locking;
using Env.Core.Shell;
using Env.Core.Store;

namespace Env.Core.Maintenance;

/// <summary>
/// The store entries one env uses, as its files name them: every entry of its locks (<c>env.lock.json</c>, and each home
/// configuration's <c>homes/NAME.lock.json</c>: <see cref="LockFileLocation.All"/>; tools and runtime
/// packages, all platforms; those not in the store are skipped by the caller) and the profile and tools of
/// <c>.envsdk/env.json</c>, and what they refer to in turn.
/// </summary>
public static class EnvStoreUse
{
    public static IReadOnlyList<string> EntriesOf(string projectFile, StoreLayout layout, Dictionary<string, LockedSource> sources)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(projectFile))!;
        var locks = LockFileLocation.All(dir);
        foreach (var lockFile in locks) LockedSources.AddEnvLock(sources, lockFile);
        var named = new HashSet<string>(sources.Values.Where(s => locks.Contains(s.LockFile, StringComparer.Ordinal)).Select(s => s.Entry.StorePath), StringComparer.Ordinal);
        // What the built env runs on this machine: unlike the lock's other platforms, each of these must be there.
        var used = new HashSet<string>(StringComparer.Ordinal);
        if (EnvManifest.TryLoad(Path.Combine(dir, DevShell.FolderName, ShellFolder.EnvJson)) is { } manifest)
        {
            used.Add(Path.GetFileName(Path.TrimEndingDirectorySeparator(manifest.Profile)));
            foreach (var tool in manifest.Tools) used.Add(Path.GetFileName(Path.TrimEndingDirectorySeparator(tool.StorePath)));
        }
        named.UnionWith(used);
        var present = StoreEntryName.InStore(layout);
        // A link or a file at the name of an entry the env uses is no entry (only a real folder is) but is checked all the
        // same: it is what a shell of the env would find, and verify reports it.
        // An entry the built env uses that is gone (a store cleaned by hand) is checked too, and reported missing.
        var impostors = named.Where(n => StoreEntryName.IsEntryName(n) && !layout.HasEntry(n) && (used.Contains(n) || StoreLayout.IsOccupied(layout.EntryPath(n))));
        return StoreClosure.Of(layout, named.Where(StoreEntryName.IsEntryName), present).Concat(impostors).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }
}
