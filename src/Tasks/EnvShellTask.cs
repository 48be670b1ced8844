using Env.Core.Diagnostics;
using Env.Core.Shell;
using Microsoft.Build.Framework;

namespace Env.Tasks;

/// <summary>
/// What the tasks that touch the shell folder share: the folder, judged by <see cref="ShellFolder"/>'s one policy of
/// what is ours. Errors follow <see cref="EnvTaskBase"/>'s policy; a file-system failure names the folder (ENV0608,
/// or the task's own code).
/// </summary>
public abstract class EnvShellTask : EnvTaskBase
{
    [Required]
    public string ShellDir { get; set; } = "";

    protected override EnvCode? FileSystemErrorCode => EnvCode.ENV0608;

    protected override string FileSystemErrorSubject => ShellDir;

    protected sealed override void Run() => Run(new ShellFolder(ShellDir, ProjectFile));

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
