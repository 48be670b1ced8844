using Env.Core.State;

namespace Env.Core.Shell;

/// <summary>
/// The allow record of a dev shell (<see cref="AllowRecord"/>): after the build writes <c>.envsdk/</c>, copies of the
/// activate scripts the prompt hook sources and direnv's <c>envrc</c>, under the state folder. Building is the allow;
/// clean is the disallow.
/// </summary>
public static class DevShellRecord
{
    /// <summary>What the prompt hooks source; the record's id hashes these.</summary>
    public static readonly IReadOnlyList<string> HookScripts = [ShellFolder.Activate, ShellFolder.ActivateFish, ShellFolder.ActivatePwsh];

    private static readonly IReadOnlyList<string> Files = [.. HookScripts, DirenvScript.FileName, ShellFolder.EnvJson];

    /// <summary>The record's env.json: the env as this machine's build made it (PATH at the store entry), what <c>dotnet env</c> reads.</summary>
    public static string ManifestPath(string stateDir, string projectFile) =>
        Path.Combine(new StateLayout(stateDir).RecordDir(ProjectDir(projectFile)), ShellFolder.EnvJson);

    /// <summary>The record's copy of <c>activate</c>, which <c>.envsdk/exec</c> sources.</summary>
    public static string ActivatePath(string stateDir, string projectFile) =>
        Path.Combine(new StateLayout(stateDir).RecordDir(ProjectDir(projectFile)), ShellFolder.Activate);

    /// <summary>Refuses (ENV0620–ENV0622) a record that cannot be written, before anything is.</summary>
    public static void CheckWritable(string stateDir, string projectFile) =>
        AllowRecord.CheckWritable(new StateLayout(stateDir), ProjectDir(projectFile), Files);

    /// <summary>Records what the build just wrote into <paramref name="shellDir"/> (read back, so the record holds exactly it).</summary>
    /// <returns>Whether the record changed.</returns>
    /// <param name="pinned">The env as the activate scripts have it (<see cref="DevShell.Write(string, string, Env.Core.Store.StoreEntry, IReadOnlyList{EnvVariable}, IReadOnlyList{ShellHook}, out EnvManifest, string?, IReadOnlyList{ManifestTool}?, IReadOnlyList{string}?, IReadOnlyDictionary{string, string}?, string?, IReadOnlyList{ShellAlias}?)"/>).</param>
    public static bool Write(string stateDir, string shellDir, string projectFile, string lockFile, EnvManifest pinned)
    {
        var layout = new StateLayout(stateDir);
        var projectDir = ProjectDir(projectFile);
        var recordDir = layout.RecordDir(projectDir);
        var files = HookScripts.Select(name => (name, File.ReadAllText(Path.Combine(shellDir, name))))
            .Append((DirenvScript.FileName, DirenvScript.Generate(Path.GetFullPath(projectFile), recordDir, [Path.GetFullPath(projectFile), Path.GetFullPath(lockFile)])))
            .Append((ShellFolder.EnvJson, pinned.ToJson()))
            .ToList();
        // env.json is an output of the build (Environment.targets, _EnvGenerateShell): its time says when it was last built.
        return AllowRecord.Write(layout, projectDir, files, [.. HookScripts], renewed: [ShellFolder.EnvJson]);
    }

    /// <summary>Disallows the env of <paramref name="projectFile"/>.</summary>
    public static bool Remove(string stateDir, string projectFile) =>
        AllowRecord.Remove(new StateLayout(stateDir), ProjectDir(projectFile), Files);

    private static string ProjectDir(string projectFile) => Path.GetDirectoryName(Path.GetFullPath(projectFile))!;
}
