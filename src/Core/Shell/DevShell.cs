using Env.Core.Store;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Env.Core.Shell;

/// <summary>
/// The generated <c>.envsdk/</c> folder beside env.proj: a <c>profile</c> link to the profile entry,
/// <c>activate</c> for POSIX shells, <c>activate.fish</c> for fish, <c>activate.ps1</c> for PowerShell, <c>activate.cmd</c> and
/// <c>deactivate.cmd</c> for cmd, <c>env.json</c> for other tools (and for <c>dotnet env</c>, which regenerates the scripts from it), and a <c>.gitignore</c> of <c>*</c>
/// so the folder never reaches git. Each file is rewritten only when its content changes, and only when
/// <see cref="ShellFolder"/> proves it ours: the folder may hold the user's files.
/// </summary>
public static class DevShell
{
    public const string FolderName = ".envsdk";

    /// <summary>The files <see cref="Write"/> makes; <see cref="ShellFolder"/> proves each is ours before it is replaced.</summary>
    public static readonly IReadOnlyList<string> Generated = [ShellFolder.Activate, ShellFolder.ActivateFish, ShellFolder.ActivatePwsh, ShellFolder.ActivateCmd, ShellFolder.DeactivateCmd, ShellFolder.EnvJson, ShellFolder.Profile];

    /// <summary>Refuses (ENV0605–ENV0607) a folder the shell may not be written into, before anything is written.</summary>
    public static void CheckWritable(string shellDir, string projectFile) =>
        new ShellFolder(shellDir, projectFile).CheckWritable(Generated);

    /// <returns>Whether anything changed.</returns>
    public static bool Write(string shellDir, string projectFile, StoreEntry profile, IReadOnlyList<EnvVariable> variables, IReadOnlyList<ShellHook> hooks)
    {
        var folder = new ShellFolder(shellDir, projectFile);
        folder.CheckWritable(Generated);
        var changed = folder.Ensure();
        changed |= AtomicFile.ReplaceSymlink(Path.Combine(folder.Path, ShellFolder.Profile), profile.Path);

        // Through the link, so a rebuild reaches shells that are already active.
        var activation = new ShellActivation(projectFile, [Path.Combine(folder.Path, ShellFolder.Profile, "bin")], variables);
        foreach (var family in ShellFamilies.All)
        {
            var hook = hooks.FirstOrDefault(h => h.Family == family)?.Text;
            changed |= AtomicFile.WriteIfChanged(Path.Combine(folder.Path, ActivateScript.FileName(family)), ActivateScript.Generate(family, activation, hook));
        }
        changed |= AtomicFile.WriteIfChanged(Path.Combine(folder.Path, ShellFolder.DeactivateCmd), CmdActivateScript.Deactivate(projectFile));
        changed |= AtomicFile.WriteIfChanged(Path.Combine(folder.Path, ShellFolder.EnvJson), EnvJson(profile, activation));
        return changed;
    }

    /// <summary>
    /// Format 2: <c>variables</c> is a list of <c>{ name, op, value }</c>; <c>project</c>, <c>path</c> and
    /// <c>variables</c> are the <see cref="ShellActivation"/> every script is generated from.
    /// </summary>
    private static string EnvJson(StoreEntry profile, ShellActivation activation)
    {
        var doc = new JObject
        {
            // First, so that ShellFolder proves the file ours from its opening bytes.
            ["generatedBy"] = "Env.Sdk",
            ["format"] = 2,
            ["project"] = activation.ProjectFile,
            ["profile"] = profile.Path,
            ["path"] = new JArray(activation.PathEntries),
            ["variables"] = ShellActivation.VariablesToJson(activation.Variables),
        };
        return doc.ToString(Formatting.Indented).ReplaceLineEndings("\n") + "\n";
    }
}
