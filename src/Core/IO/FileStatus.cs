using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Env.Core.IO;

/// <summary>
/// What lstat(2) says of a path and .NET does not: the inode, its device and its link count, which hard-linking
/// (store optimise) and counting freed space (gc) need. Read with statx(2), whose layout is the same on every Linux
/// architecture; elsewhere <see cref="IsSupported"/> is false.
/// </summary>
public readonly record struct FileStatus(ulong Device, ulong Inode, uint LinkCount, long Size, UnixFileMode Mode, bool IsRegularFile, bool IsDirectory)
{
    /// <summary>The last change of the content (for a folder: an entry added, removed or renamed), in nanoseconds since 1970.</summary>
    public long ModifiedNs { get; init; }

    /// <summary>The last change of the content or the status, in nanoseconds since 1970; unlike the mtime, no program can set it back.</summary>
    public long ChangedNs { get; init; }

    public bool IsSymbolicLink { get; init; }

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint BasicStats = 0x7ff;
    private const int ModeTypeMask = 0xF000;
    private const int RegularType = 0x8000;
    private const int DirectoryType = 0x4000;
    private const int SymbolicLinkType = 0xA000;

    private static readonly Lazy<bool> Supported = new(Probe);

    [System.Runtime.Versioning.SupportedOSPlatformGuard("linux")]
    public static bool IsSupported => Supported.Value;

    /// <summary>The status of <paramref name="path"/> itself (a link is not followed), or null when it does not exist.</summary>
    public static FileStatus? Of(string path)
    {
        if (!IsSupported) return null;
        Span<byte> buffer = stackalloc byte[256];
        if (Statx(AtFdCwd, path, AtSymlinkNoFollow, BasicStats, ref MemoryMarshal.GetReference(buffer)) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is 2 or 20) return null; // ENOENT, ENOTDIR
            throw new IOException($"Cannot read the status of {path}: {Marshal.GetPInvokeErrorMessage(errno)}.");
        }
        // struct statx: nlink at 16, mode at 28, ino at 32, size at 40, dev major/minor at 136/140.
        var nlink = BinaryPrimitives.ReadUInt32LittleEndian(buffer[16..]);
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(buffer[28..]);
        var inode = BinaryPrimitives.ReadUInt64LittleEndian(buffer[32..]);
        var size = BinaryPrimitives.ReadInt64LittleEndian(buffer[40..]);
        var device = ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(buffer[136..]) << 32) | BinaryPrimitives.ReadUInt32LittleEndian(buffer[140..]);
        // stx_ctime at 96, stx_mtime at 112: each a 64-bit second and a 32-bit nanosecond.
        static long Time(ReadOnlySpan<byte> at) => BinaryPrimitives.ReadInt64LittleEndian(at) * 1_000_000_000 + BinaryPrimitives.ReadUInt32LittleEndian(at[8..]);
        return new FileStatus(device, inode, nlink, size, (UnixFileMode)(mode & 0xFFF), (mode & ModeTypeMask) == RegularType, (mode & ModeTypeMask) == DirectoryType)
        {
            ChangedNs = Time(buffer[96..]),
            ModifiedNs = Time(buffer[112..]),
            IsSymbolicLink = (mode & ModeTypeMask) == SymbolicLinkType,
        };
    }

    private static bool Probe()
    {
        // Little-endian Linux: the fields are read as such.
        if (!OperatingSystem.IsLinux() || !BitConverter.IsLittleEndian) return false;
        try
        {
            Span<byte> buffer = stackalloc byte[256];
            return Statx(AtFdCwd, "/", AtSymlinkNoFollow, BasicStats, ref MemoryMarshal.GetReference(buffer)) == 0;
        }
        catch (EntryPointNotFoundException)
        {
            return false; // a C library older than statx
        }
        catch (DllNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int dirFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, ref byte buffer);
}
