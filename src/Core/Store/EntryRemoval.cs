namespace Env.Core.Store;

/// <summary>
/// Takes an entry out of the store so that no half of it is ever visible as an entry: one rename into
/// <c>.tmp/&lt;pid&gt;-removed-&lt;name&gt;</c> (the commit point), then unseal and delete there. A process killed midway leaves
/// staging of a dead pid, which the next build or collection sweeps.
/// </summary>
public static class EntryRemoval
{
    /// <summary>Moves the entry aside and returns where it went (the caller deletes it, or keeps it to restore).</summary>
    public static string MoveAside(StoreLayout layout, string entryName, string why = "removed")
    {
        Directory.CreateDirectory(layout.TempDir);
        var aside = Path.Combine(layout.TempDir, $"{Environment.ProcessId}-{Guid.NewGuid():N}-{why}-{entryName}");
        var path = layout.EntryPath(entryName);
        if (!StoreLayout.IsRealFolder(path))
        {
            // A link or a file at the entry's name (an impostor verify found): renamed itself, its target left alone.
            AtomicFile.Rename(path, aside);
            return aside;
        }
        // The entry's root is sealed (0555): renaming it into another folder changes its "..", which needs it writable.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.Move(path, aside);
        return aside;
    }

    public static void Remove(StoreLayout layout, string entryName)
    {
        var aside = MoveAside(layout, entryName);
        ReadOnlyTree.Delete(aside);
        EntryReferences.Forget(layout, entryName);
    }
}
