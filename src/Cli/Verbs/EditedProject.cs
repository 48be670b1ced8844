using Env.Core.Diagnostics;
using Env.Core.Editing;

namespace Env.Cli.Verbs;

/// <summary>What <c>add</c> and <c>remove</c> do after the edit: say what changed, then build the env unless told not to.</summary>
internal static class EditedProject
{
    /// <param name="undoOnFailure">
    /// For <c>add</c>: a build that fails puts env.proj back as it was, as <c>dotnet add package</c> writes nothing when
    /// its restore fails; the new tool is what broke it. A <c>remove</c> keeps its edit: the tool it took out cannot be the cause.
    /// </param>
    public static int Build(ProjectEdit edit, BuildOptions options, bool undoOnFailure)
    {
        if (options.NoBuild || edit.Kind == ProjectEditKind.Unchanged) return 0;
        var code = DotnetBuild.Run(edit.ProjectFile, options.MSBuildArguments(), toStderr: false);
        if (code == 0) return 0;
        if (undoOnFailure)
        {
            Console.Error.WriteLine(edit.Undo()
                ? $"dotnet env: the build failed, so {edit.ProjectFile} was put back as it was."
                : $"dotnet env: the build failed; {edit.ProjectFile} changed since the edit, so it was left as it is.");
        }
        throw new BuildFailedException(code);
    }

    /// <summary>Ctrl+C while resolving: nothing was written yet.</summary>
    public static EnvException Cancelled(string project) =>
        new(EnvCode.ENV0900, $"Cancelled. {project} was not changed.", project);
}
