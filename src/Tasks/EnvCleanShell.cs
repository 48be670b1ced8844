using Env.Core.Shell;
using Env.Core.Diagnostics;

namespace Env.Tasks;

/// <summary>
/// Clean: the generated dev shell goes, and the env's allow record (the prompt hook and direnv no longer activate it);
/// store entries stay (other environments may share them).
/// </summary>
public sealed class EnvCleanShell : EnvShellTask
{
    /// <summary>The user's state folder (EnvStateDir); empty: no record to remove.</summary>
    public string StateDir { get; set; } = "";

    protected override EnvCode? FileSystemErrorCode => EnvCode.ENV0601;

    protected override void Run(ShellFolder folder)
    {
        foreach (var kept in folder.Clean())
            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal, $"Kept {kept}: Env.Sdk did not generate it.");
        if (!string.IsNullOrEmpty(StateDir) && !string.IsNullOrEmpty(ProjectFile)) DevShellRecord.Remove(StateDir, ProjectFile);
    }
}
