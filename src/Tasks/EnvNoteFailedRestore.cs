using Env.Core.IO;
using Microsoft.Build.Framework;

namespace Env.Tasks;

/// <summary>
/// Leaves the note that the restore phase could not prepare the env (Environment.targets' <c>_EnvPrepareInRestore</c>,
/// where a failure is a warning so that the project's own NuGet restore completes). The build that follows finds it
/// and restores again with failures as errors, so its error is the cause itself (ENV0120, ENV0104, …), not "not
/// restored"; a restore that succeeds removes it. Kept in the user's state folder, not the shell folder or the store: a
/// restore that failed writes nothing the env is made of, and nothing a checkout can bring.
/// </summary>
public sealed class EnvNoteFailedRestore : EnvTaskBase
{
    /// <summary>The note's path (<c>_EnvRestoreFailedNote</c>): MSBuild tests it with Exists, so a no-op build runs no task.</summary>
    [Required]
    public string Note { get; set; } = "";

    // Whole or not at all, by a rename: a link planted at the note's name is replaced, never written through.
    protected override void Run() =>
        AtomicFile.WriteIfChanged(Note, $"The restore phase could not prepare {ProjectFile}; the next build restores it again.\n");
}
