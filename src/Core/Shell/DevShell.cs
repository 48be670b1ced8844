using Env.Core.IO;
using Env.Core.Store;

namespace Env.Core.Shell;

/// <summary>
/// The generated <c>.envsdk/</c> folder beside env.proj: a <c>profile</c> link to the profile entry,
/// <c>activate</c> for POSIX shells, <c>activate.fish</c> for fish, <c>activate.ps1</c> for PowerShell, <c>activate.cmd</c> and
/// <c>deactivate.cmd</c> for cmd, <c>.env</c> (dotenv, for IDEs and docker compose), <c>env.json</c> for other tools (and for
/// <c>dotnet env</c>, which regenerates the scripts from it), <c>exec</c> and <c>exec.cmd</c> to run one command in the env
/// (<see cref="ExecScript"/>), <c>env.props</c> for projects that use the env (<see cref="CommandProperties"/>), and a
/// <c>.gitignore</c> of <c>*</c>
/// so the folder never reaches git. Each file is rewritten only when its content changes, and only when
/// <see cref="ShellFolder"/> proves it ours: the folder may hold the user's files.
/// </summary>
public static class DevShell
{
    public const string FolderName = ".envsdk";

    /// <summary>The files <see cref="Write"/> makes; <see cref="ShellFolder"/> proves each is ours before it is replaced.</summary>
    public static readonly IReadOnlyList<string> Generated = [ShellFolder.Activate, ShellFolder.ActivateFish, ShellFolder.ActivatePwsh, ShellFolder.ActivateCmd, ShellFolder.DeactivateCmd, ShellFolder.EnvJson, ShellFolder.DotEnv, ShellFolder.Profile,
        ExecScript.FileName, ExecScript.CmdFileName, CommandProperties.FileName];

    /// <summary>Refuses (ENV0605–ENV0607) a folder the shell may not be written into, before anything is written.</summary>
    public static void CheckWritable(string shellDir, string projectFile) =>
        new ShellFolder(shellDir, projectFile).CheckWritable(Generated);

    /// <returns>Whether anything changed.</returns>
    /// <param name="hooks">The env's ShellHook items, at most one per shell family.</param>
    /// <param name="aliases">The env's ShellAlias items.</param>
    /// <param name="recordActivate">The allow record's copy of <c>activate</c>, which <c>exec</c> sources; null: the folder's own.</param>
    /// <param name="pinned">The env with its PATH at the profile's store entry, as the activate scripts have it: what the allow record keeps.</param>
    /// <param name="tools">What env.json lists as the env's tools.</param>
    /// <param name="inputs">The files the env was built from (project, imports, lock), hashed into env.json.</param>
    /// <param name="environment">What <c>.env</c>'s final values are computed against; default this process's environment.</param>
    public static bool Write(string shellDir, string projectFile, StoreEntry profile, IReadOnlyList<EnvVariable> variables, IReadOnlyList<ShellHook> hooks,
        string? envName = null, IReadOnlyList<ManifestTool>? tools = null, IReadOnlyList<string>? inputs = null, IReadOnlyDictionary<string, string>? environment = null,
        string? recordActivate = null, IReadOnlyList<ShellAlias>? aliases = null) =>
        Write(shellDir, projectFile, profile, variables, hooks, out _, envName, tools, inputs, environment, recordActivate, aliases);

    /// <inheritdoc cref="Write(string, string, StoreEntry, IReadOnlyList{EnvVariable}, IReadOnlyList{ShellHook}, string?, IReadOnlyList{ManifestTool}?, IReadOnlyList{string}?, IReadOnlyDictionary{string, string}?, string?, IReadOnlyList{ShellAlias}?)"/>
    public static bool Write(string shellDir, string projectFile, StoreEntry profile, IReadOnlyList<EnvVariable> variables, IReadOnlyList<ShellHook> hooks, out EnvManifest pinned,
        string? envName = null, IReadOnlyList<ManifestTool>? tools = null, IReadOnlyList<string>? inputs = null, IReadOnlyDictionary<string, string>? environment = null,
        string? recordActivate = null, IReadOnlyList<ShellAlias>? aliases = null)
    {
        var folder = new ShellFolder(shellDir, projectFile);
        folder.CheckWritable(Generated);
        var changed = folder.Ensure();
        changed |= AtomicFile.ReplaceSymlink(Path.Combine(folder.Path, ShellFolder.Profile), profile.Path);

        // The scripts name the profile's store entry, never the link: a checkout can replace the link (git overwrites an
        // ignored file), and what the hook, direnv, print, shell and exec put on PATH must not be the checkout's to
        // decide. A rebuild reaches open shells through the hook (a new record id), not through the link.
        var scripts = new ShellActivation(projectFile, [Path.Combine(profile.Path, "bin")], variables) { Aliases = aliases ?? [] };
        // What IDEs read (.env, env.props, env.json, VS Code's settings) goes through the link: paths there stay
        // inside the workspace, and building the env is what an IDE does with them.
        var activation = new ShellActivation(projectFile, [Path.Combine(folder.Path, ShellFolder.Profile, "bin")], variables) { Aliases = aliases ?? [] };
        foreach (var family in ShellFamilies.All)
        {
            var hook = hooks.FirstOrDefault(h => h.Family == family)?.Text;
            changed |= AtomicFile.WriteIfChanged(Path.Combine(folder.Path, ActivateScript.FileName(family)), ActivateScript.Generate(family, scripts, hook));
        }
        changed |= AtomicFile.WriteIfChanged(Path.Combine(folder.Path, ShellFolder.DeactivateCmd), CmdActivateScript.Deactivate(projectFile));
        changed |= AtomicFile.WriteIfChanged(Path.Combine(folder.Path, ShellFolder.DotEnv), DotEnvFormat.Generate(activation, environment ?? ActivatedEnvironment.Current()));
        changed |= AtomicFile.WriteIfChanged(Path.Combine(folder.Path, ExecScript.FileName), ExecScript.Posix(recordActivate ?? Path.Combine(folder.Path, ShellFolder.Activate)), FileModes.Executable);
        changed |= AtomicFile.WriteIfChanged(Path.Combine(folder.Path, ExecScript.CmdFileName), ExecScript.Cmd());
        changed |= AtomicFile.WriteIfChanged(Path.Combine(folder.Path, CommandProperties.FileName),
            CommandProperties.Generate(activation.PathEntries[0], (tools ?? []).SelectMany(t => t.Commands)));
        var manifest = new EnvManifest
        {
            Activation = activation,
            Name = envName ?? Path.GetFileNameWithoutExtension(projectFile),
            Profile = profile.Path,
            Tools = tools ?? [],
            Inputs = EnvManifest.Snapshot(inputs ?? [projectFile]),
        };
        changed |= AtomicFile.WriteIfChanged(Path.Combine(folder.Path, ShellFolder.EnvJson), manifest.ToJson());
        // Renewed by every build, as the record's files: env.json is an output of the build's Inputs/Outputs, and left at
        // an older time (its content unchanged) it stays older than an SDK file or import updated since, so every later
        // build would generate again.
        File.SetLastWriteTimeUtc(Path.Combine(folder.Path, ShellFolder.EnvJson), DateTime.UtcNow);
        pinned = manifest with { Activation = scripts };
        return changed;
    }
}
