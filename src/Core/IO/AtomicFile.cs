using System.Runtime.InteropServices;
using System.Text;

namespace Env.Core.IO;

/// <summary>
/// Writes generated files whole or not at all (temp file beside the target, then rename), and leaves an
/// unchanged file untouched so that timestamps, and so incremental builds, stay quiet.
/// </summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static bool WriteIfChanged(string path, string content, UnixFileMode? mode = null) =>
        WriteIfChanged(path, Utf8NoBom.GetBytes(content), mode);

    /// <summary>The bytes as given (a BOM the caller keeps stays).</summary>
    public static bool WriteIfChanged(string path, byte[] content, UnixFileMode? mode = null)
    {
        var info = new FileInfo(path);
        if (info.Exists && info.Length == content.Length && File.ReadAllBytes(path).AsSpan().SequenceEqual(content)) return false;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + $".tmp-{Environment.ProcessId}";
        try
        {
            // A link planted at the temporary name is removed, never written through (CreateNew refuses what is there).
            if (File.Exists(temp) || new FileInfo(temp).LinkTarget is not null) File.Delete(temp);
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write)) stream.Write(content);
            if (mode is { } m && !OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, m);
            // rename(2) replaces the name itself: nothing is written through a link at the target.
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        return true;
    }

    /// <summary>Points <paramref name="linkPath"/> at <paramref name="target"/>, replacing an old link in one rename.</summary>
    public static bool ReplaceSymlink(string linkPath, string target)
    {
        var existing = new FileInfo(linkPath);
        if (existing.LinkTarget == target) return false;
        var temp = linkPath + $".tmp-{Environment.ProcessId}";
        if (File.Exists(temp) || new FileInfo(temp).LinkTarget is not null) File.Delete(temp);
        File.CreateSymbolicLink(temp, target);
        // File.Move refuses a link to a folder (it checks the target, not the link); rename(2) moves the link itself.
        if (OperatingSystem.IsWindows())
        {
            File.Delete(linkPath);
            File.Move(temp, linkPath);
        }
        else if (RenameSyscall(temp, linkPath) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            File.Delete(temp);
            throw new IOException($"Cannot replace {linkPath}: rename failed with errno {errno}.");
        }
        return true;
    }

    /// <summary>rename(2): moves the name itself (a link is moved, never followed) and replaces what is at <paramref name="newPath"/> in one step.</summary>
    public static void Rename(string oldPath, string newPath)
    {
        if (OperatingSystem.IsWindows())
        {
            File.Move(oldPath, newPath, overwrite: true);
            return;
        }
        if (RenameSyscall(oldPath, newPath) != 0)
            throw new IOException($"Cannot rename {oldPath} to {newPath}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}.");
    }

    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int RenameSyscall([MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath);
}
