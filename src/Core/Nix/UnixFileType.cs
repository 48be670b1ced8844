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

    /// <summary>
    /// Opens a file to archive in two system calls (open, fstat), where <see cref="File.OpenHandle"/> adds an flock, two
    /// more fstats and an fadvise: on a tree of many small files those dominate (verify of a store, bench/verify.sh).
    /// O_NONBLOCK so that a fifo swapped in does not block; the fstat then refuses anything but a regular file, so what is
    /// read is what was checked. Null where this is not available (not Linux): the caller opens the .NET way.
    /// </summary>
    /// <param name="noFollow">O_NOFOLLOW: a symbolic link at <paramref name="path"/> itself is refused (ELOOP), not followed.</param>
    public static Microsoft.Win32.SafeHandles.SafeFileHandle? OpenRegular(string path, out long length, out bool ownerExecutable, out string? special, bool noFollow = false)
    {
        length = 0;
        ownerExecutable = false;
        special = null;
        if (!OperatingSystem.IsLinux() || unavailable) return null;
        try
        {
            var fd = Open(path, ReadOnly | NonBlock | CloseOnExec | (noFollow ? NoFollow : 0));
            if (fd < 0)
            {
                if (noFollow && Marshal.GetLastPInvokeError() == LinkLoop) special = "a symbolic link";
                return null; // the .NET open that follows reports why, as before
            }
            var handle = new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true);
            if (FStat(handle, out var status) != 0)
            {
                handle.Dispose();
                return null;
            }
            special = (status.Mode & TypeMask) switch
            {
                Regular => null,
                Fifo => "a fifo (named pipe)",
                CharacterDevice => "a character device",
                BlockDevice => "a block device",
                Socket => "a socket",
                _ => "not a regular file",
            };
            length = status.Size;
            ownerExecutable = (status.Mode & OwnerExecute) != 0;
            return handle;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            unavailable = true;
            return null;
        }
    }

    // Linux's values, the same on every architecture .NET runs on there.
    private const int ReadOnly = 0;
    private const int NonBlock = 0x800;
    private const int CloseOnExec = 0x80000;
    private const int OwnerExecute = 0x40;
    private const int LinkLoop = 40; // ELOOP

    /// <summary>O_NOFOLLOW, which (unlike the flags above) differs: arm, arm64 and ppc64 have their own value.</summary>
    private static int NoFollow => RuntimeInformation.OSArchitecture is Architecture.Arm or Architecture.Arm64 or Architecture.Armv6 or Architecture.Ppc64le ? 0x8000 : 0x20000;

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern nint Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_FStat", SetLastError = true)]
    private static extern int FStat(System.Runtime.InteropServices.SafeHandle fd, out FileStatus status);

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
