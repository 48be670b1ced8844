using Env.Core.Diagnostics;
using Env.Core.Locking;
using Env.Core.Model;
using Env.Core.Profiles;
using Env.Core.Projects;
using Env.Core.Store;

namespace Env.Core.Shell;

/// <summary>
/// The build phase: from the lock and the store only (no network), the profile entry, the dev shell and, when a state
/// folder is given, the env's allow record (<see cref="DevShellRecord"/>): building is what allows the prompt hook and
/// direnv to activate it. The promise: a shell folder and record that say "current" describe a whole env.
/// <list type="number">
/// <item>Check: the shell folder and the record are ours to write (ENV0605–ENV0607); every tool of the platform is in the
/// lock as env.proj declares it (ENV0504) and its store entry is there (ENV0505).</item>
/// <item>Profile: the commands resolved without collision (<see cref="CommandResolver"/>), then the profile store entry
/// (<see cref="ProfileBuilder"/>).</item>
/// <item>What else the build makes from the profile (a home generation, <c>beforeShellWrite</c>).</item>
/// <item>Shell: <c>.envsdk/</c> written (<see cref="DevShell"/>: each file whole, only when changed) and its profile link
/// registered as a gc root.</item>
/// <item>Record: last, so it allows only a shell that was written whole.</item>
/// </list>
/// A failure before the shell step leaves the shell folder as it was; the store may keep a profile entry no root
/// reaches, which gc collects.
/// </summary>
public static class EnvShellGenerator
{
    /// <param name="extraInputs">More files the env is built from (a home env's sources; a folder with a trailing separator), recorded in env.json.</param>
    /// <param name="beforeShellWrite">Runs with the profile entry and its tools after every check and before the shell folder is written.</param>
    public static StoreEntry Generate(EnvStore store, LockFile lockFile, string lockPath, IReadOnlyList<ToolSpec> specs,
        IReadOnlyList<EnvVariable> variables, IReadOnlyList<ShellHook> hooks, string rid, string envName, string projectFile, string shellDir, string? stateDir = null,
        IReadOnlyList<string>? importedBySdk = null, IReadOnlyList<string>? extraInputs = null, Action<StoreEntry, IReadOnlyList<ManifestTool>>? beforeShellWrite = null,
        IReadOnlyList<ShellAlias>? aliases = null)
    {
        // The folder may hold the user's files: refuse it before the profile entry is made.
        DevShell.CheckWritable(shellDir, projectFile);
        if (stateDir is not null) DevShellRecord.CheckWritable(stateDir, projectFile);
        var (tools, commands) = LockedCommands(store, lockFile, lockPath, specs, rid, projectFile);
        var profile = ProfileBuilder.Build(store, envName, commands, projectFile);
        var manifestTools = tools.Select(t => new ManifestTool(t.Item1.Name, t.Item2.Version, store.Layout.EntryPath(t.Item2.StorePath),
            commands.Where(c => c.Tool == t.Item1.Name).Select(c => c.Name).Order(StringComparer.Ordinal).ToList())).ToList();
        // The lock is recorded even when absent, so that one appearing (a git pull) makes the env stale.
        // Files the SDK imports by a property (a home configuration, homes/NAME.props) count as env.proj's, with their own imports.
        var inputs = ProjectInputs.Of(projectFile).Concat((importedBySdk ?? []).SelectMany(ProjectInputs.Of))
            .Append(Path.GetFullPath(lockPath)).Concat(extraInputs ?? []).Distinct().ToList();
        // What else the build makes from the profile (a home generation) is made before the shell says the env is current.
        beforeShellWrite?.Invoke(profile, manifestTools);
        var recordActivate = stateDir is null ? null : DevShellRecord.ActivatePath(stateDir, projectFile);
        DevShell.Write(shellDir, projectFile, profile, variables, hooks, out var pinned, envName, manifestTools, inputs, recordActivate: recordActivate, aliases: aliases);
        GcRoots.Register(store.Layout, Path.Combine(shellDir, "profile"), envName);
        // Last: the record allows only a shell that was written whole.
        if (stateDir is not null) DevShellRecord.Write(stateDir, shellDir, projectFile, lockPath, pinned);
        return profile;
    }

    /// <summary>
    /// The platform's tools as the lock has them, each checked to be locked as env.proj declares it (ENV0504) and in the
    /// store (ENV0505), and the profile's commands resolved from them (<see cref="CommandResolver.ResolveAll"/>): what the
    /// profile is made of, here and in an image.
    /// </summary>
    public static (IReadOnlyList<(ToolSpec Spec, LockEntry Entry)> Tools, IReadOnlyList<Command> Commands) LockedCommands(EnvStore store, LockFile lockFile, string lockPath,
        IReadOnlyList<ToolSpec> specs, string rid, string projectFile)
    {
        var tools = new List<(ToolSpec, LockEntry)>();
        foreach (var spec in ToolSelection.ForPlatform(specs, rid))
        {
            var entry = lockFile.Find(spec.Name, spec.LockRid);
            if (entry is null || !LockMatch.Matches(spec, entry))
                throw new EnvException(EnvCode.ENV0504, $"Tool '{spec.Name}' ({spec.LockRid}) is not restored: the lock has no entry for it as env.proj declares it. Run 'dotnet restore' (or build without --no-restore).", lockPath);
            var path = store.Layout.EntryPath(entry.StorePath);
            if (!Directory.Exists(path))
                throw new EnvException(EnvCode.ENV0505, $"Tool '{spec.Name}': store entry {path} is missing (was the store cleaned?). Run 'dotnet restore' to fetch it again.", lockPath);
            tools.Add((spec, entry));
        }
        return (tools, CommandResolver.ResolveAll(tools, store.Layout, rid, projectFile));
    }
}
