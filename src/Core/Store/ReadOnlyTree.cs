using Env.Core.IO;
namespace Env.Core.Store;

/// <summary>
/// Store entries are immutable: files 0444 (0555 when owner-executable), folders 0555, as Nix leaves them.
/// Only the owner-execute bit survives, because it is the only mode bit the NAR hash records.
/// </summary>
public static class ReadOnlyTree
{
    private const UnixFileMode ReadOnlyFile = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Executable = FileModes.ExecuteBits;

    /// <summary>Seals everything below <paramref name="root"/>; the root itself only when asked, because a
    /// folder that is still to be renamed into another parent must stay writable (its ".." entry changes).</summary>
    public static void Seal(string root, bool includeRoot = true)
    {
        if (OperatingSystem.IsWindows()) return;
        SealDirectory(new DirectoryInfo(root), includeRoot);
    }

    public static void SealRoot(string root)
    {
        if (OperatingSystem.IsWindows()) return;
        File.SetUnixFileMode(root, ReadOnlyFile | Executable);
    }

    /// <summary>
    /// Seals the root of an entry that a kill between the rename into the store and <see cref="SealRoot"/>
    /// left writable. An entry of another user (a shared store) is left as it is.
    /// </summary>
    public static void RepairRoot(string root)
    {
        if (OperatingSystem.IsWindows() || File.GetUnixFileMode(root) == (ReadOnlyFile | Executable)) return;
        try
        {
            SealRoot(root);
        }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>Makes a sealed tree deletable again (for repair and garbage collection).</summary>
    public static void Unseal(string root)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(root)) return;
        var dirs = new Stack<DirectoryInfo>();
        dirs.Push(new DirectoryInfo(root));
        while (dirs.Count > 0)
        {
            var dir = dirs.Pop();
            if (dir.LinkTarget is not null) continue;
            dir.UnixFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
            foreach (var child in dir.EnumerateDirectories()) dirs.Push(child);
        }
    }

    public static void Delete(string root)
    {
        // A link (to a folder or not) goes itself: nothing is followed out of the tree.
        if ((File.Exists(root) && !Directory.Exists(root)) || new FileInfo(root).LinkTarget is not null) { File.Delete(root); return; }
        if (!Directory.Exists(root)) return;
        Unseal(root);
        Directory.Delete(root, recursive: true);
    }

    private static void SealDirectory(DirectoryInfo dir, bool includeSelf)
    {
        if (OperatingSystem.IsWindows()) return;
        foreach (var entry in dir.EnumerateFileSystemInfos())
        {
            if (entry.LinkTarget is not null) continue; // a symlink's own mode means nothing
            if (entry is DirectoryInfo child)
            {
                SealDirectory(child, includeSelf: true);
            }
            else
            {
                var exec = (entry.UnixFileMode & UnixFileMode.UserExecute) != 0;
                entry.UnixFileMode = exec ? ReadOnlyFile | Executable : ReadOnlyFile;
            }
        }
        if (includeSelf) dir.UnixFileMode = ReadOnlyFile | Executable;
    }
}
