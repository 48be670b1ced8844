using Env.Core.Platforms;
using Env.Core.Projects;
using Env.Core.Run;
using Env.Core.Store;

namespace Env.Cli;

/// <summary>
/// The warm path of <c>dotnet env run REF ARGS</c>: when the run lock pins REF for this platform and the store holds
/// every entry it names, the tool starts right away. Nothing here loads NuGet or MSBuild, or builds the command-line
/// parser: the run lock is read with generated (reflection-free) JSON code, and the rest is a few stats and an execve.
/// Anything else (an option, a name an env here may mean, a miss) returns null and the full verb takes over.
/// <list type="number">
/// <item>Parse: only <c>run REF [--] ARGS</c>, with nothing the cold path must judge.</item>
/// <item>Look up REF in the run lock (<c>RunLock</c>, each entry checked by <c>LockIntegrity</c>) for this platform.</item>
/// <item>Hold the entries (a process root, so gc keeps them) and check each is in the store.</item>
/// <item>Start the tool (<see cref="ToolLauncher"/>: execve, so signals and the exit code are the tool's).</item>
/// </list>
/// Its failure rule is that it has none of its own: any doubt is a miss, and the cold verb (<c>RunVerb</c> over
/// <c>Core/Run</c>) decides, reports and repairs.
/// </summary>
internal static class RunFastPath
{
    public static int? TryRun(RunArguments run)
    {
        if (run.Ours.Length != 2) return null;
        var text = run.Ours[1];
        if (text.StartsWith('-')) return null;
        RunReference reference;
        try
        {
            reference = RunReference.Parse(text);
        }
        catch (Env.Core.Diagnostics.EnvException)
        {
            return null; // the verb says what is wrong with it
        }
        // A bare name inside an env may be the env's own command: the verb decides that.
        if (!RunReference.LooksLikeReference(text) && EnvProjectLocator.TryFind(Environment.CurrentDirectory) is not null) return null;

        var lockPath = UserFolders.RunLock;
        if (!File.Exists(lockPath)) return null;
        var entry = RunLock.Load(lockPath).Find(reference.Key, RuntimeIdentifierChain.Current());
        if (entry is null) return null;
        var layout = new StoreLayout(UserFolders.Store);
        foreach (var name in entry.StoreEntries())
            if (!layout.HasEntry(name)) return null; // a link there is no entry: the verb reports it
        try
        {
            // Held by this pid, which the tool keeps across execve: a gc now or while it runs leaves its entries.
            ProcessRoots.Hold(layout, entry.StoreEntries());
        }
        catch (Env.Core.Diagnostics.EnvException)
        {
            return null; // a gc removed one meanwhile: the verb puts it back
        }
        return ToolLauncher.Start(layout, entry.Command, run.Tool);
    }
}
