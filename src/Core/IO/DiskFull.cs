using Env.Core.Diagnostics;

namespace Env.Core.IO;

/// <summary>
/// A write that failed because the disk (or the user's quota) is full: ENOSPC or EDQUOT on Unix, ERROR_DISK_FULL or
/// ERROR_HANDLE_DISK_FULL on Windows, wherever NuGet or a stream wrapped it. Reported as what it is, naming the folder
/// and its disk, never as a feed's fault or a crash.
/// </summary>
public static class DiskFull
{
    /// <summary>The disk-full error in <paramref name="e"/> or its inner exceptions, or null.</summary>
    public static IOException? Find(Exception? e) => UnexpectedFailure.FindDiskFull(e);

    /// <summary>The coded error: <paramref name="what"/> (the rest of a sentence) could not be written in <paramref name="folder"/>.</summary>
    /// <param name="next">What to do besides freeing space, e.g. "or set ENVSDK_CACHE to a folder on another disk".</param>
    public static EnvException Error(EnvCode code, string folder, string what, string next, string? file, Exception cause) =>
        new(code,
            $"No space left on the disk of {folder}{Free(folder)}: {what} could not be written ({cause.Message.TrimEnd('.')}). Nothing partial was kept. Free space on that disk, {next}, then try again.",
            file, cause);

    private static string Free(string folder)
    {
        try
        {
            // On Unix DriveInfo asks statvfs(2) of the path itself: the free space of the file system that holds it.
            var drive = new DriveInfo(Path.GetFullPath(folder));
            return $" ({TransferStatus.Size(drive.AvailableFreeSpace)} free now)";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return "";
        }
    }
}
