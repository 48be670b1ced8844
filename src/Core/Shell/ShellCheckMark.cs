using System.Globalization;
using Env.Core.State;

namespace Env.Core.Shell;

/// <summary>
/// What lets a no-op build skip EnvCheckShell: a mark in the env's allow record, left when the check (or a build) found
/// the shell folder current, named for the last-write times of the shell folder, the store and env.json as they were
/// before that check. Environment.targets computes the same name at evaluation (<c>_EnvShellCheckMark</c>) from the same
/// times, so one Exists proves that none of them changed since. Everything the check looks for changes one of them: a
/// link or env.json replaced or removed changes the shell folder's entries, a store entry removed the store's, env.json
/// rewritten in place its own time. In the state folder, not the shell folder: a checkout can bring files into
/// <c>.envsdk/</c> (git overwrites ignored files), never into the state folder.
/// </summary>
/// <remarks>
/// Local times, as MSBuild's property functions give them (they have no UTC variant): a change of time zone only costs
/// one more check. Equal names, not ordered times, so a state folder on another file system with another clock is no
/// matter. The key (from evaluation) names the SDK and the stamps' id: another SDK, store, shell folder or platform
/// checks again.
/// </remarks>
public static class ShellCheckMark
{
    /// <summary>The mark's name for <paramref name="key"/> and the times now; read before checking, so a change made during the check is not marked.</summary>
    public static string Name(string key, string shellDir, string storeDir)
    {
        var shell = Path.TrimEndingDirectorySeparator(Path.GetFullPath(shellDir)) + Path.DirectorySeparatorChar;
        var store = Path.TrimEndingDirectorySeparator(Path.GetFullPath(storeDir)) + Path.DirectorySeparatorChar;
        return string.Create(CultureInfo.InvariantCulture,
            $"{AllowRecord.MarkPrefix}{key}-{Directory.GetLastWriteTime(shell).Ticks}-{Directory.GetLastWriteTime(store).Ticks}-{File.GetLastWriteTime(Path.Combine(shell, ShellFolder.EnvJson)).Ticks}");
    }

    /// <summary>Leaves the mark <paramref name="name"/> in the record of <paramref name="projectFile"/>'s env (when it has one) instead of any other.</summary>
    public static void Write(string stateDir, string projectFile, string name) =>
        AllowRecord.Mark(new StateLayout(stateDir), Path.GetDirectoryName(Path.GetFullPath(projectFile))!, name);
}
