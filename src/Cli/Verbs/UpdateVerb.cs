using System.CommandLine;
using Env.Core.Editing;
using Env.Core.Projects;

namespace Env.Cli.Verbs;

/// <summary>
/// <c>dotnet env update [TOOL…] [--dry-run]</c>: each package tool (or those named) to the newest version its Version
/// allows, env.proj edited keeping every other byte, then one build that locks the tools updated for every platform
/// (<c>-t:EnvUpdate -p:EnvUpdateAllPlatforms=true</c>). A failed build puts env.proj and the lock back as they were.
/// </summary>
internal static class UpdateVerb
{
    public static Command Create()
    {
        var tools = new Argument<string[]>("TOOL") { Description = "The tools to update (their Include names in env.proj). Default: every package tool.", Arity = ArgumentArity.ZeroOrMore };
        var dryRun = new Option<bool>("--dry-run", "-n") { Description = "Print what would change; write nothing and build nothing." };
        var project = ProjectOption.Create("The env.proj whose tools to update");
        var verbosity = CommonOptions.BuildVerbosity();
        var config = SwitchVerb.ConfigOption();
        var command = new Command("update", "Move the package tools of env.proj to the newest versions their Version allows, rewrite the lock for every platform, and build the env.")
        {
            tools, dryRun, project, config, verbosity,
        };
        command.SetAction(async (result, ct) =>
        {
            var projectFile = EnvProjectLocator.Find(result.GetValue(project), Environment.CurrentDirectory);
            // A home configuration's own lock (homes/NAME.lock.json) is the one its build rewrites.
            var configuration = result.GetValue(config);
            var (lockFile, readFrom) = ProjectLock.For(projectFile, configuration);
            var options = new AddOptions { Install = CliInstallSettings.For(Path.GetDirectoryName(projectFile)!), Log = new ConsoleEnvLog(result.GetValue(verbosity)) };
            IReadOnlyList<ToolUpdate> plan;
            try
            {
                plan = await ToolUpdates.PlanAsync(projectFile, readFrom, result.GetValue(tools) ?? [], options, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw EditedProject.Cancelled(projectFile);
            }

            Console.Write(UpdateReport.Plan(plan, projectFile));
            var changes = plan.Where(u => u.Changes).ToList();
            if (changes.Count == 0 || result.GetValue(dryRun)) return 0;

            var edit = EnvProjectEditor.Load(projectFile).SetVersions(
                changes.Where(u => u.Kind == ToolUpdateKind.Edited).Select(u => new VersionChange(u.Name, u.Requested!, u.To!)).ToList());
            var before = LockSnapshot.Take(lockFile);
            edit.Save();
            var names = string.Join("%3B", changes.Select(u => u.Name).Distinct(StringComparer.OrdinalIgnoreCase));
            var build = new BuildOptions(result.GetValue(verbosity), NoRestore: false, NoBuild: false,
                // Updating is changing the lock: locked mode (CI=true) would refuse the edit in the restore before the update.
                ["-t:EnvUpdate", $"-p:EnvUpdateTools={names}", "-p:EnvUpdateAllPlatforms=true", "-p:EnvLockedMode=false",
                 .. configuration is null ? Array.Empty<string>() : [$"-p:HomeConfiguration={configuration}"]]);
            var code = DotnetBuild.Run(projectFile, build.MSBuildArguments(), toStderr: false);
            if (code == 0) return 0;
            before.Restore();
            Console.Error.WriteLine(edit.Undo()
                ? $"dotnet env: the build failed, so {projectFile} and {Path.GetFileName(lockFile)} were put back as they were."
                : $"dotnet env: the build failed; {Path.GetFileName(lockFile)} was put back, and {projectFile} changed since the edit, so it was left as it is.");
            throw new BuildFailedException(code);
        });
        return command;
    }
}
