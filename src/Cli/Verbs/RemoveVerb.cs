using System.CommandLine;
using Env.Core.Editing;
using Env.Core.Projects;

namespace Env.Cli.Verbs;

/// <summary><c>dotnet env remove NAME</c>: every Tool item of that name leaves env.proj (each platform's), then the env is built.</summary>
internal static class RemoveVerb
{
    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "The tool's name in env.proj (its Include)." };
        var project = ProjectOption.Create("The env.proj to remove the tool from");
        var verbosity = CommonOptions.BuildVerbosity();
        var noRestore = CommonOptions.NoRestore();
        var noBuild = new Option<bool>("--no-build") { Description = "Edit env.proj only; do not build the env." };
        var command = new Command("remove", "Remove a tool (all its platforms' items) from env.proj, then build the env.")
        {
            name, project, verbosity, noRestore, noBuild,
        };
        command.SetAction(result =>
        {
            var projectFile = EnvProjectLocator.Find(result.GetValue(project), Environment.CurrentDirectory);
            var options = new BuildOptions(result.GetValue(verbosity), result.GetValue(noRestore), result.GetValue(noBuild), []);
            var edit = EnvProjectEditor.Load(projectFile).Remove(result.GetValue(name)!);
            edit.Save();
            var versions = string.Join(", ", edit.PreviousVersions.Where(v => v.Length > 0));
            Console.WriteLine($"Removed {edit.Tool}{(versions.Length == 0 ? "" : $" {versions}")} from {Path.GetFileName(projectFile)}{(edit.Items > 1 ? $" ({edit.Items} items)" : "")}.");
            return EditedProject.Build(edit, options, undoOnFailure: false);
        });
        return command;
    }
}
