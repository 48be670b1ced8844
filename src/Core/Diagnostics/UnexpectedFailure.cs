namespace Env.Core.Diagnostics;

/// <summary>
/// The last line of defence: an exception no code path turned into an <see cref="EnvException"/> still reaches the user
/// as a coded error with a next step, never as a stack trace (the CLI) or MSB4018 (a task). What the machine refused
/// (permissions, a full disk, memory) is told apart from a bug in Env.Sdk, which is the only case asking for a report.
/// </summary>
public static class UnexpectedFailure
{
    /// <summary>errno ENOSPC and EDQUOT: .NET on Unix puts the errno in an IOException's HResult.</summary>
    private const int NoSpace = 28, QuotaExceeded = 122;

    /// <summary>Windows' ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL, as HRESULTs.</summary>
    private const int DiskFullWindows = unchecked((int)0x80070070), HandleDiskFullWindows = unchecked((int)0x80070027);

    public static EnvException From(Exception e) => e switch
    {
        EnvException env => env,
        UnauthorizedAccessException => new EnvException(EnvCode.ENV0950,
            $"Permission denied: {Describe(e)} Check the permissions of the file or folder named, or run as its owner.", null, e),
        _ when FindDiskFull(e) is not null => new EnvException(EnvCode.ENV0951,
            $"The disk is full: {Describe(e)} Free space on the disk that holds the file named (the store, the download cache or the state folder), then run the command again. Nothing half-written was kept.", null, e),
        IOException => new EnvException(EnvCode.ENV0952,
            $"A file could not be read or written: {Describe(e)} Check the file named (a link, a device, permissions or a damaged disk), then run the command again.", null, e),
        OutOfMemoryException or InsufficientExecutionStackException => new EnvException(EnvCode.ENV0953,
            "Out of memory. Every input Env.Sdk reads is bounded, so this is a bug: report it with the command and the files it read.", null, e),
        _ => new EnvException(EnvCode.ENV0954,
            $"Internal error ({e.GetType().Name}): {Describe(e)} This is a bug in Env.Sdk: report it with the command; set ENVSDK_TRACE=1 to print where it happened.", null, e),
    };

    public static bool IsDiskFull(IOException e) =>
        e.HResult is NoSpace or QuotaExceeded or DiskFullWindows or HandleDiskFullWindows;

    /// <summary>The disk-full error in <paramref name="e"/> or its inner exceptions (NuGet and streams wrap it), or null.</summary>
    public static IOException? FindDiskFull(Exception? e)
    {
        for (var depth = 0; e is not null && depth < 16; e = e.InnerException, depth++)
        {
            if (e is IOException io && IsDiskFull(io)) return io;
            if (e is AggregateException { InnerExceptions.Count: > 0 } many) return many.InnerExceptions.Select(FindDiskFull).FirstOrDefault(x => x is not null);
        }
        return null;
    }

    private static string Describe(Exception e)
    {
        // A message can quote a hostile file name: bounded, and control characters escaped.
        var message = PrintableText.Of(e.Message.Trim());
        if (message.Length > 1000) message = message[..1000] + "…";
        return message.EndsWith('.') ? message : message + ".";
    }
}
