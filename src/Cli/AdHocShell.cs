using Env.Core.Diagnostics;
using Env.Core.Platforms;
using Env.Core.Run;
using Env.Core.Shell;
using Env.Core.Store;

namespace Env.Cli;

/// <summary>
/// <c>dotnet env shell TOOL…</c> (as <c>nix shell</c>): a shell, or one command, with the given tools first on PATH and
/// nothing else changed. Each tool is resolved and pinned as <c>dotnet env run</c> pins it (the run lock, under a key of
/// its own, so a shell never changes which command a later run picks), and their commands are gathered in a profile
/// store entry, as an env's are.
/// </summary>
internal static class AdHocShell
{
    public static int Start(IReadOnlyList<string> tools, string shell, IReadOnlyList<string> command, string? verbosity, bool offline)
    {
        var log = new ConsoleEnvLog(verbosity);
        var settings = CliInstallSettings.For(Environment.CurrentDirectory, offline);
        var lockPath = UserFolders.RunLock;
        using var resolver = new RunResolver(settings, log);
        var runs = RunLock.Load(lockPath);
        var entries = new List<(RunLockEntry Tool, bool Only)>();
        foreach (var text in tools)
        {
            var reference = RunReference.Parse(text);
            var key = "shell:" + reference.Key;
            // What `run` pinned serves too; a shell's own pin is kept apart because it may not have chosen one command.
            var locked = runs.Find(reference.Key, settings.Rid) ?? runs.Find(key, settings.Rid);
            RunLockEntry entry;
            if (locked is null)
            {
                entry = resolver.ResolvePackageAsync(reference, bin: null, CancellationToken.None, oneCommand: false).GetAwaiter().GetResult();
                RunLock.Record(lockPath, key, entry);
            }
            else
            {
                entry = resolver.EnsureAsync(locked, CancellationToken.None).GetAwaiter().GetResult();
            }
            entries.Add((entry, reference.Command is not null));
        }
        var profile = resolver.Profile(entries);
        // The shell (this pid, after execve) holds its tools and their profile for as long as it runs.
        ProcessRoots.Hold(resolver.Layout, [profile, .. entries.SelectMany(e => e.Tool.StoreEntries())]);
        var bin = Path.Combine(resolver.Layout.EntryPath(profile), "bin");
        var environment = ActivatedEnvironment.Current();
        environment["PATH"] = bin + Path.PathSeparator + environment.GetValueOrDefault("PATH", "");
        // What the shell has, for a prompt or a script to show; not used by dotnet env itself.
        environment["ENVSDK_SHELL_TOOLS"] = string.Join(" ", tools);
        if (command.Count > 0) return ProgramRunner.Run(command[0], command.Skip(1).ToList(), environment);
        return ProgramRunner.Run(shell, [], environment);
    }
}
