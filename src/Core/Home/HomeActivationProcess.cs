using System.Diagnostics;
using System.IO.Pipes;
using System.Runtime.InteropServices;
using Env.Core.Diagnostics;

namespace Env.Core.Home;

/// <summary>
/// One activation command as a process of its own, waited for by its exit, never by its output's end: a command that
/// starts a background process (a daemon keeps the output pipe open) does not hold the switch. On Unix it runs in a
/// process group of its own (<c>posix_spawn</c> with <c>POSIX_SPAWN_SETPGROUP</c>), every signal at its default and none
/// blocked, stdin <c>/dev/null</c>; a cancelled switch (Ctrl+C, <c>kill -INT</c>) sends SIGINT to that whole group, then
/// SIGTERM and SIGKILL if it is still running after <see cref="Grace"/> each, so the switch can put the home back.
/// </summary>
internal static class HomeActivationProcess
{
    /// <summary>How long a cancelled activation has for each signal before the next, stronger one.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    /// <summary>After the command exits, how long its output may take to drain before the rest (a daemon's) is dropped.</summary>
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(1);

    /// <summary>Runs <paramref name="command"/> with <c>/bin/sh -c</c> (<c>cmd /c</c> on Windows); returns its exit code (128 + N for signal N).</summary>
    /// <exception cref="OperationCanceledException">The switch was cancelled; the command was stopped first.</exception>
    public static int Run(string command, string workingDirectory, IReadOnlyDictionary<string, string> environment, Action<string> output, CancellationToken cancellation)
    {
        if (OperatingSystem.IsWindows()) return RunWindows(command, workingDirectory, environment, output, cancellation);
        var pipe = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.Inheritable);
        int pid;
        try
        {
            pid = Spawn(["/bin/sh", "-c", command], workingDirectory, environment, (int)pipe.ClientSafePipeHandle.DangerousGetHandle());
        }
        catch
        {
            pipe.DisposeLocalCopyOfClientHandle();
            pipe.Dispose();
            throw;
        }
        pipe.DisposeLocalCopyOfClientHandle();
        // The reader owns the pipe from here: disposing it while a read is blocked would block until a daemon closes its end.
        var reader = new OutputReader(pipe, output);
        var status = Wait(pid, cancellation);
        reader.Finish(Drain);
        cancellation.ThrowIfCancellationRequested();
        return status;
    }

    /// <summary>waitpid until the command exits; on cancellation, SIGINT to its group, then SIGTERM, then SIGKILL.</summary>
    private static int Wait(int pid, CancellationToken cancellation)
    {
        var signals = new Queue<int>([Sigint, Sigterm, Sigkill]);
        DateTime? next = null;
        while (true)
        {
            var r = WaitPid(pid, out var status, Wnohang);
            if (r == pid) return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
            if (r < 0 && Marshal.GetLastPInvokeError() is var errno && errno != Eintr)
                throw new EnvException(EnvCode.ENV0930, $"Waiting for an activation command (process {pid}) failed: {Marshal.GetPInvokeErrorMessage(errno)}. Run the switch again.", null);
            if (cancellation.IsCancellationRequested && signals.Count > 0 && (next is null || DateTime.UtcNow >= next))
            {
                // The negative pid is the process group: the shell and whatever it is running.
                Kill(-pid, signals.Dequeue());
                next = DateTime.UtcNow + Grace;
            }
            Thread.Sleep(20);
        }
    }

    private static int Spawn(string[] argv, string workingDirectory, IReadOnlyDictionary<string, string> environment, int outputFd)
    {
        var strings = new List<IntPtr>();
        IntPtr Utf8(string s)
        {
            var p = Marshal.StringToCoTaskMemUTF8(s);
            strings.Add(p);
            return p;
        }
        IntPtr Array(IEnumerable<string> items)
        {
            var list = items.Select(Utf8).Append(IntPtr.Zero).ToArray();
            var p = Marshal.AllocCoTaskMem(IntPtr.Size * list.Length);
            strings.Add(p);
            Marshal.Copy(list, 0, p, list.Length);
            return p;
        }
        // The C types are opaque and of different sizes on glibc and macOS; 1 KiB is more than either.
        var actions = Marshal.AllocHGlobal(1024);
        var attributes = Marshal.AllocHGlobal(1024);
        var allSignals = Marshal.AllocHGlobal(1024);
        var noSignals = Marshal.AllocHGlobal(1024);
        try
        {
            Check(FileActionsInit(actions), "posix_spawn_file_actions_init");
            Check(AttrInit(attributes), "posix_spawnattr_init");
            try
            {
                Check(AddOpen(actions, 0, "/dev/null", 0, 0), "posix_spawn_file_actions_addopen");
                Check(AddDup2(actions, outputFd, 1), "posix_spawn_file_actions_adddup2");
                Check(AddDup2(actions, outputFd, 2), "posix_spawn_file_actions_adddup2");
                if (outputFd > 2) Check(AddClose(actions, outputFd), "posix_spawn_file_actions_addclose");
                Check(AddChdir(actions, workingDirectory), "posix_spawn_file_actions_addchdir_np");
                SigFillSet(allSignals);
                SigEmptySet(noSignals);
                Check(SetSigDefault(attributes, allSignals), "posix_spawnattr_setsigdefault");
                Check(SetSigMask(attributes, noSignals), "posix_spawnattr_setsigmask");
                Check(SetPGroup(attributes, 0), "posix_spawnattr_setpgroup");
                Check(SetFlags(attributes, SpawnSetPGroup | SpawnSetSigDef | SpawnSetSigMask), "posix_spawnattr_setflags");
                var envp = Array(environment.Select(kv => $"{kv.Key}={kv.Value}"));
                var r = PosixSpawn(out var pid, argv[0], actions, attributes, Array(argv), envp);
                if (r != 0) throw new System.ComponentModel.Win32Exception(r);
                return pid;
            }
            finally
            {
                FileActionsDestroy(actions);
                AttrDestroy(attributes);
            }
        }
        finally
        {
            foreach (var p in strings) Marshal.FreeCoTaskMem(p);
            Marshal.FreeHGlobal(actions);
            Marshal.FreeHGlobal(attributes);
            Marshal.FreeHGlobal(allSignals);
            Marshal.FreeHGlobal(noSignals);
        }
    }

    private static void Check(int result, string what)
    {
        if (result != 0) throw new System.ComponentModel.Win32Exception(result, $"{what}: {Marshal.GetPInvokeErrorMessage(result)}");
    }

    private static int RunWindows(string command, string workingDirectory, IReadOnlyDictionary<string, string> environment, Action<string> output, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo("cmd.exe") { ArgumentList = { "/d", "/c", command } };
        start.WorkingDirectory = workingDirectory;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = true;
        start.UseShellExecute = false;
        start.Environment.Clear();
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output(e.Data); };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // A finite wait returns at the exit; the infinite one would also wait for the output's end.
        while (!process.WaitForExit(50))
        {
            if (cancellation.IsCancellationRequested) process.Kill(entireProcessTree: true);
        }
        cancellation.ThrowIfCancellationRequested();
        return process.ExitCode;
    }

    /// <summary>Reads the command's output line by line on a thread of its own; after <see cref="Finish"/>, drains and drops the rest.</summary>
    private sealed class OutputReader
    {
        private readonly ManualResetEventSlim _ended = new();
        private readonly Action<string> _output;
        private volatile bool _finished;

        public OutputReader(Stream pipe, Action<string> output)
        {
            _output = output;
            new Thread(() =>
            {
                try
                {
                    using var reader = new StreamReader(pipe);
                    while (reader.ReadLine() is { } line)
                        if (!_finished) _output(line);
                }
                catch (IOException)
                {
                }
                finally
                {
                    _ended.Set();
                }
            }) { IsBackground = true, Name = "activation output" }.Start();
        }

        public void Finish(TimeSpan drain)
        {
            if (!_ended.Wait(drain))
                _output("(a background process it started keeps its output open; what it writes is not shown)");
            _finished = true;
        }
    }

    private const int Wnohang = 1;
    private const int Eintr = 4;
    private const int Sigint = 2;
    private const int Sigkill = 9;
    private const int Sigterm = 15;
    private const short SpawnSetPGroup = 0x02;
    private const short SpawnSetSigDef = 0x04;
    private const short SpawnSetSigMask = 0x08;

    [DllImport("libc", EntryPoint = "posix_spawn", SetLastError = true)]
    private static extern int PosixSpawn(out int pid, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, IntPtr fileActions, IntPtr attributes, IntPtr argv, IntPtr envp);

    [DllImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    private static extern int FileActionsInit(IntPtr actions);

    [DllImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    private static extern int FileActionsDestroy(IntPtr actions);

    [DllImport("libc", EntryPoint = "posix_spawn_file_actions_addopen")]
    private static extern int AddOpen(IntPtr actions, int fd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [DllImport("libc", EntryPoint = "posix_spawn_file_actions_adddup2")]
    private static extern int AddDup2(IntPtr actions, int fd, int newFd);

    [DllImport("libc", EntryPoint = "posix_spawn_file_actions_addclose")]
    private static extern int AddClose(IntPtr actions, int fd);

    [DllImport("libc", EntryPoint = "posix_spawn_file_actions_addchdir_np")]
    private static extern int AddChdir(IntPtr actions, [MarshalAs(UnmanagedType.LPUTF8Str)] string path);

    [DllImport("libc", EntryPoint = "posix_spawnattr_init")]
    private static extern int AttrInit(IntPtr attributes);

    [DllImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    private static extern int AttrDestroy(IntPtr attributes);

    [DllImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    private static extern int SetFlags(IntPtr attributes, short flags);

    [DllImport("libc", EntryPoint = "posix_spawnattr_setpgroup")]
    private static extern int SetPGroup(IntPtr attributes, int pgroup);

    [DllImport("libc", EntryPoint = "posix_spawnattr_setsigdefault")]
    private static extern int SetSigDefault(IntPtr attributes, IntPtr signals);

    [DllImport("libc", EntryPoint = "posix_spawnattr_setsigmask")]
    private static extern int SetSigMask(IntPtr attributes, IntPtr signals);

    [DllImport("libc", EntryPoint = "sigfillset")]
    private static extern int SigFillSet(IntPtr set);

    [DllImport("libc", EntryPoint = "sigemptyset")]
    private static extern int SigEmptySet(IntPtr set);

    [DllImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static extern int WaitPid(int pid, out int status, int options);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
