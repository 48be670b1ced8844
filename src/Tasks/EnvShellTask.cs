using Env.Core.Diagnostics;
using Env.Core.Shell;
using Microsoft.Build.Framework;

namespace Env.Tasks;

/// <summary>
/// What the tasks that touch the shell folder share: the folder, judged by <see cref="ShellFolder"/>'s one policy of
/// what is ours, and its refusals reported as MSBuild errors with their code.
/// </summary>
public abstract class EnvShellTask : Microsoft.Build.Utilities.Task
{
    [Required]
    public string ShellDir { get; set; } = "";

    /// <summary>The project, named by the errors.</summary>
    public string? ProjectFile { get; set; }

    public sealed override bool Execute()
    {
        try
        {
            Run(new ShellFolder(ShellDir, ProjectFile));
        }
        catch (EnvException e)
        {
            Log.LogEnvError(e.Code, e.File ?? ProjectFile ?? ShellDir, 0, 0, 0, 0, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.LogEnvError(ErrorCode, ShellDir, 0, 0, 0, 0, $"Cannot update {ShellDir}: {e.Message} Check its permissions.");
        }
        return !Log.HasLoggedErrors;
    }

    /// <summary>The code of a file-system failure in this task.</summary>
    protected virtual EnvCode ErrorCode => EnvCode.ENV0608;

    protected abstract void Run(ShellFolder folder);

    /// <summary>A stamp given as a path in <see cref="ShellDir"/>, by its name; ENV0609 when it lies elsewhere.</summary>
    protected string StampName(ShellFolder folder, string stamp)
    {
        var full = Path.GetFullPath(stamp);
        var name = Path.GetFileName(full);
        if (Path.GetDirectoryName(full) != folder.Path || !ShellFolder.IsStampName(name))
            throw new EnvException(EnvCode.ENV0609, $"The stamp {stamp} is not a .restore-*.stamp or .build-*.stamp file directly in the shell folder {folder.Path}; do not override Env.Sdk's _Env* properties.", ProjectFile);
        return name;
    }
}
