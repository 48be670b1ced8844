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

    private static readonly IReadOnlyList<string> Files = [.. HookScripts, DirenvScript.FileName];

    /// <summary>Refuses (ENV0620–ENV0622) a record that cannot be written, before anything is.</summary>
    public static void CheckWritable(string stateDir, string projectFile) =>
        AllowRecord.CheckWritable(new StateLayout(stateDir), ProjectDir(projectFile), Files);

    /// <summary>Records what the build just wrote into <paramref name="shellDir"/> (read back, so the record holds exactly it).</summary>
    /// <returns>Whether the record changed.</returns>
    public static bool Write(string stateDir, string shellDir, string projectFile, string lockFile)
    {
        var layout = new StateLayout(stateDir);
        var projectDir = ProjectDir(projectFile);
        var recordDir = layout.RecordDir(projectDir);
        var files = HookScripts.Select(name => (name, File.ReadAllText(Path.Combine(shellDir, name))))
            .Append((DirenvScript.FileName, DirenvScript.Generate(Path.GetFullPath(projectFile), recordDir, [Path.GetFullPath(projectFile), Path.GetFullPath(lockFile)])))
            .ToList();
        return AllowRecord.Write(layout, projectDir, files, [.. HookScripts]);
    }

    /// <summary>Disallows the env of <paramref name="projectFile"/>.</summary>
    public static bool Remove(string stateDir, string projectFile) =>
        AllowRecord.Remove(new StateLayout(stateDir), ProjectDir(projectFile), Files);

    private static string ProjectDir(string projectFile) => Path.GetDirectoryName(Path.GetFullPath(projectFile))!;
}
