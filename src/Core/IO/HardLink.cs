using System.Runtime.InteropServices;

namespace Env.Core.IO;

/// <summary>link(2), which .NET does not offer: a second name for the same file.</summary>
public static class HardLink
{
    public enum Result
    {
        Created,
        Exists,
        /// <summary>EMLINK, EXDEV, EPERM and the like: this file cannot have another name there; not an error for who only saves space.</summary>
        NotPossible,
        SourceMissing,
    }

    public static Result TryCreate(string existing, string newPath)
    {
        if (Link(existing, newPath) == 0) return Result.Created;
        return Marshal.GetLastPInvokeError() switch
        {
            17 => Result.Exists,        // EEXIST
            2 => Result.SourceMissing,  // ENOENT
            _ => Result.NotPossible,
        };
    }

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link([MarshalAs(UnmanagedType.LPUTF8Str)] string existing, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath);
}
