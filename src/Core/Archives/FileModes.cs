namespace Env.Core.Archives;

/// <summary>
/// The only permission the store keeps is "executable" (it is all a NAR records). Everything else in the archive's
/// modes (setuid, setgid, sticky, world-writable, a 0000 directory) is dropped, so nothing unpacked can gain privileges
/// or be tampered with by other users, and every directory stays traversable for the rest of the unpack.
/// </summary>
internal static class FileModes
{
    public const UnixFileMode Directory =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public const UnixFileMode Executable = Directory;

    public const UnixFileMode Regular = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const int AnyExecuteBits = 0b001_001_001;

    /// <summary>True when any execute bit (user, group or other) is set in a Unix mode.</summary>
    public static bool IsExecutable(int unixMode) => (unixMode & AnyExecuteBits) != 0;

    public static UnixFileMode ForFile(bool executable) => executable ? Executable : Regular;
}
