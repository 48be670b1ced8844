namespace Env.Core.IO;

/// <summary>
/// The file modes Env.Sdk writes, named once: 0755 for a folder or an executable, 0644 for any other file.
/// The only permission the store keeps is "executable" (it is all a NAR records). Everything else in the archive's
/// modes (setuid, setgid, sticky, world-writable, a 0000 directory) is dropped, so nothing unpacked can gain privileges
/// or be tampered with by other users, and every directory stays traversable for the rest of the unpack.
/// </summary>
public static class FileModes
{
    public const UnixFileMode Directory =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>0755: a program (a shim, a script, an unpacked executable).</summary>
    public const UnixFileMode Executable = Directory;

    /// <summary>The execute bits (user, group, other) added to a file's mode to make it a program.</summary>
    public const UnixFileMode ExecuteBits = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    public const UnixFileMode Regular = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const int AnyExecuteBits = 0b001_001_001;

    /// <summary>True when any execute bit (user, group or other) is set in a Unix mode.</summary>
    public static bool IsExecutable(int unixMode) => (unixMode & AnyExecuteBits) != 0;

    public static UnixFileMode ForFile(bool executable) => executable ? Executable : Regular;
}
