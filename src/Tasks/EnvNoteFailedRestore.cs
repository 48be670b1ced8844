using Env.Core.Tools;
using Microsoft.Build.Framework;

namespace Env.Tasks;

/// <summary>Leaves the <see cref="FailedRestoreNote"/> for the build after a restore phase that could not prepare the env.</summary>
public sealed class EnvNoteFailedRestore : EnvTaskBase
{
    /// <summary>The note's path (<c>_EnvRestoreFailedNote</c>).</summary>
    [Required]
    public string Note { get; set; } = "";

    protected override void Run() => FailedRestoreNote.Write(Note, ProjectFile);
}
