using Env.Core.Shell;
using Env.Core.Store;

namespace Env.Core.Maintenance;

/// <summary>
/// The store entries one env uses, as its files name them: every entry of <c>env.lock.json</c> (tools and runtime
/// packages, all platforms; those not in the store are skipped by the caller) and the profile and tools of
/// <c>.envsdk/env.json</c>, and what they refer to in turn.
/// </summary>
public static class EnvStoreUse
{
    public const string LockFileName = "env.lock.json";

    public static IReadOnlyList<string> EntriesOf(string projectFile, StoreLayout layout, Dictionary<string, LockedSource> sources)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(projectFile))!;
        LockedSources.AddEnvLock(sources, Path.Combine(dir, LockFileName));
        var named = new HashSet<string>(sources.Values.Where(s => s.LockFile == Path.Combine(dir, LockFileName)).Select(s => s.Entry.StorePath), StringComparer.Ordinal);
        if (EnvManifest.TryLoad(Path.Combine(dir, DevShell.FolderName, ShellFolder.EnvJson)) is { } manifest)
        {
            named.Add(Path.GetFileName(Path.TrimEndingDirectorySeparator(manifest.Profile)));
            foreach (var tool in manifest.Tools) named.Add(Path.GetFileName(Path.TrimEndingDirectorySeparator(tool.StorePath)));
        }
        var present = StoreEntryName.InStore(layout);
        return StoreClosure.Of(layout, named.Where(StoreEntryName.IsEntryName), present).Order(StringComparer.Ordinal).ToList();
    }
}
