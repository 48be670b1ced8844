namespace Env.Core.Tools;

/// <summary>
/// The note that NuGet's restore phase could not prepare an env (Environment.targets' <c>_EnvPrepareInRestore</c>, where
/// a failure is a warning so that the projects' own restore completes). The build that follows finds it (MSBuild tests
/// it with Exists, so a no-op build runs no task) and restores again with failures as errors, so its error is the cause
/// itself (ENV0120, ENV0104, …), not "not restored"; a restore that succeeds removes it. In the user's state folder
/// (<c>restore-failed/</c>), never the shell folder or the store: a restore that failed writes nothing the env is made
/// of, and a checkout cannot bring one.
/// </summary>
public static class FailedRestoreNote
{
    /// <summary>Writes the note at <paramref name="path"/> whole, by a rename: a link planted at its name is replaced, never written through.</summary>
    public static void Write(string path, string projectFile) =>
        AtomicFile.WriteIfChanged(path, $"The restore phase could not prepare {projectFile}; the next build restores it again.\n");
}
