using Env.Core.Diagnostics;
using Env.Core.Locking;
using System.Text.Json;

namespace Env.Core.Maintenance;

/// <summary>
/// The store entries locks name, by entry name: an env's <c>env.lock.json</c> (by tool and platform), and
/// <c>run-lock.json</c> of <c>dotnet env run</c>, read as any JSON whose objects include lock entries. Both are hostile
/// input: an entry found here is only ever rebuilt to the exact NAR hash its name commits to.
/// </summary>
public static class LockedSources
{
    public static void AddEnvLock(Dictionary<string, LockedSource> sources, string lockPath)
    {
        if (!File.Exists(lockPath)) return;
        var lockFile = LockFile.Load(lockPath);
        foreach (var (tool, byRid) in lockFile.Tools)
        {
            foreach (var (rid, entry) in byRid) Add(sources, tool, rid, entry, lockPath);
        }
    }

    /// <summary>
    /// The locks of the envs the store's roots belong to: a root's link is <c>&lt;env&gt;/.envsdk/profile</c> (or
    /// <c>result</c>), whose env's locks sit beside <c>.envsdk/</c> (and in <c>homes/</c>, one per home configuration). So a whole-store repair knows every env still in use.
    /// </summary>
    public static void AddRootedEnvLocks(Dictionary<string, LockedSource> sources, Store.StoreLayout layout)
    {
        foreach (var root in Store.GcRoots.Enumerate(layout))
        {
            var shellDir = Path.GetDirectoryName(root.Link);
            if (root.Dangling || shellDir is null || Path.GetFileName(shellDir) != Shell.DevShell.FolderName) continue;
            try
            {
                foreach (var lockFile in LockFileLocation.All(Path.GetDirectoryName(shellDir)!)) AddEnvLock(sources, lockFile);
            }
            catch (EnvException)
            {
                // A broken lock of some checkout: its entries are simply not repairable from it.
            }
        }
    }

    /// <summary>Lock entries anywhere in <paramref name="path"/> (a JSON object); the tool is what the entry's name says before its version.</summary>
    public static void AddRunLock(Dictionary<string, LockedSource> sources, string path)
    {
        JsonDocument root;
        try
        {
            // Read as hostile, as the run itself reads it (StateFile): no fifo, link or huge file.
            if (StateFile.TryRead(path, Run.RunLock.MaxBytes) is not { } bytes) return;
            root = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = LockFileJson.MaxDepth, AllowDuplicateProperties = false });
        }
        catch (StateFileException e)
        {
            throw new EnvException(EnvCode.ENV0318, $"{path} cannot be read: {e.Why}. Delete it; 'dotnet env run' writes it again.", path, e);
        }
        catch (JsonException e)
        {
            throw new EnvException(EnvCode.ENV0318, $"{path} is not valid JSON ({e.Message}). Delete it; 'dotnet env run' writes it again.", path, e);
        }
        using (root) Walk(sources, root.RootElement, path);
    }

    private static void Walk(Dictionary<string, LockedSource> sources, JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Object && IsValue(element, "storePath") && IsValue(element, "narHash") && IsValue(element, "kind"))
        {
            LockEntry? entry;
            try
            {
                entry = LockFileJson.ReadEntry(element, path);
            }
            catch (EnvException)
            {
                return; // not a lock entry after all
            }
            var name = entry is null ? null : ToolOf(entry);
            if (entry is not null && name is not null) Add(sources, name, "any", entry, path);
            return;
        }
        if (element.ValueKind == JsonValueKind.Object)
            foreach (var p in element.EnumerateObject()) Walk(sources, p.Value, path);
        else if (element.ValueKind == JsonValueKind.Array)
            foreach (var item in element.EnumerateArray()) Walk(sources, item, path);
    }

    private static bool IsValue(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array);

    /// <summary>The tool name <see cref="EntryName.ForTool"/> was given: the entry's name without "-&lt;version&gt;".</summary>
    private static string? ToolOf(LockEntry entry)
    {
        if (entry.StorePath is null || entry.Version is null || !Store.StoreEntryName.IsEntryName(entry.StorePath)) return null;
        var namePart = Store.StoreEntryName.NamePart(entry.StorePath);
        var suffix = "-" + entry.Version;
        return namePart.EndsWith(suffix, StringComparison.Ordinal) && namePart.Length > suffix.Length ? namePart[..^suffix.Length] : null;
    }

    private static void Add(Dictionary<string, LockedSource> sources, string tool, string rid, LockEntry entry, string file)
    {
        sources.TryAdd(entry.StorePath, new LockedSource(tool, rid, entry, null, file));
        foreach (var (runtimeRid, runtime) in entry.RuntimePackages ?? [])
            if (runtime?.StorePath is not null) sources.TryAdd(runtime.StorePath, new LockedSource(tool, runtimeRid, runtime, entry, file));
    }
}
