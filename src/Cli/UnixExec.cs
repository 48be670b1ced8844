using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Env.Cli;

/// <summary>
/// Replaces this process with another program (execve), as <c>nix develop --command</c> does: the program gets this
/// process's id, terminal and stdio, so signals, job control and the exit code pass through with nothing in between,
/// and no .NET runtime stays resident while it runs.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal static partial class UnixExec
{
    /// <summary>Returns only on failure, with errno.</summary>
    public static int Replace(string file, IReadOnlyList<string> argv, IReadOnlyDictionary<string, string> environment)
    {
        ResetSignals();
        var args = ToNative(argv);
        var env = ToNative(environment.Select(e => $"{e.Key}={e.Value}").ToList());
        try
        {
            execve(file, args, env);
            return Marshal.GetLastPInvokeError();
        }
        finally
        {
            Free(args);
            Free(env);
        }
    }

    /// <summary>
    /// The .NET runtime ignores SIGPIPE, and an ignored signal stays ignored across exec: without this, `yes | head`
    /// in the shell we start would never end. Handled signals go back to default by themselves; the mask is cleared
    /// in case this thread blocked any.
    /// </summary>
    private static void ResetSignals()
    {
        const int SIGPIPE = 13;
        signal(SIGPIPE, IntPtr.Zero /* SIG_DFL */);
        var empty = Marshal.AllocHGlobal(128);
        try
        {
            for (var i = 0; i < 128; i++) Marshal.WriteByte(empty, i, 0);
            var setMask = OperatingSystem.IsMacOS() ? 3 : 2; // SIG_SETMASK
            pthread_sigmask(setMask, empty, IntPtr.Zero);
        }
        finally
        {
            Marshal.FreeHGlobal(empty);
        }
    }

    private static IntPtr[] ToNative(IReadOnlyList<string> strings)
    {
        var result = new IntPtr[strings.Count + 1];
        for (var i = 0; i < strings.Count; i++) result[i] = Marshal.StringToCoTaskMemUTF8(strings[i]);
        return result;
    }

    private static void Free(IntPtr[] strings)
    {
        foreach (var p in strings) if (p != IntPtr.Zero) Marshal.FreeCoTaskMem(p);
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int execve(string path, IntPtr[] argv, IntPtr[] envp);

    [LibraryImport("libc")]
    private static partial IntPtr signal(int signum, IntPtr handler);

    [LibraryImport("libc")]
    private static partial int pthread_sigmask(int how, IntPtr set, IntPtr oldSet);
}
