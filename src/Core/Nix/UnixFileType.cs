using System.Runtime.InteropServices;

namespace Env.Core.Nix;

/// <summary>
/// Tells a regular file from a device, fifo or socket. .NET's FileSystemInfo reports all of them as plain
/// files, and opening a fifo to find out would block, so this asks lstat directly through the runtime's own
/// System.Native shim, whose FileStatus layout is the same on every Unix (unlike libc's struct stat).
/// </summary>
internal static class UnixFileType
{
    // File type bits as the shim normalises them (pal_io.h), independent of the platform's values.
    private const int TypeMask = 0xF000;
    private const int Regular = 0x8000;
    private const int Fifo = 0x1000;
    private const int CharacterDevice = 0x2000;
    private const int BlockDevice = 0x6000;
    private const int Socket = 0xC000;

    private static volatile bool unavailable;

    /// <summary>
    /// A description such as "a fifo" when <paramref name="path"/> is neither regular file nor something .NET
    /// already recognises; null when it is a regular file or when the shim cannot be reached (then we trust .NET).
    /// </summary>
    public static string? DescribeSpecial(string path)
    {
        if (OperatingSystem.IsWindows() || unavailable) return null;
        try
        {
            if (LStat(path, out var status) != 0) return null; // Vanished or unreadable: the open that follows reports it.
            return (status.Mode & TypeMask) switch
            {
                Regular => null,
                Fifo => "a fifo (named pipe)",
                CharacterDevice => "a character device",
                BlockDevice => "a block device",
                Socket => "a socket",
                _ => null,
            };
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            unavailable = true;
            return null;
        }
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat", SetLastError = true)]
    private static extern int LStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, out FileStatus status);

    /// <summary>Mirrors System.Native's FileStatus; only <see cref="Mode"/> is read.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct FileStatus
    {
        public int Flags;
        public int Mode;
        public uint Uid;
        public uint Gid;
        public long Size;
        public long ATime;
        public long ATimeNsec;
        public long MTime;
        public long MTimeNsec;
        public long CTime;
        public long CTimeNsec;
        public long BirthTime;
        public long BirthTimeNsec;
        public long Dev;
        public long RDev;
        public long Ino;
        public uint UserFlags;
    }
}
