using System.CommandLine;
using System.Text.Json;
using Env.Core.Editing;
using Env.Core.Projects;

namespace Env.Cli.Verbs;

/// <summary><c>dotnet env outdated</c>: package tools with a newer version on the feeds, as <c>dotnet list package --outdated</c>.</summary>
internal static class OutdatedVerb
{
    public static Command Create()
    {
        var project = ProjectOption.Create("The env.proj whose tools to compare with their feeds");
        var json = new Option<bool>("--json") { Description = "Print every package tool as JSON (outdated or not), for scripts." };
        var prerelease = new Option<bool>("--include-prerelease") { Description = "Compare with the newest prerelease versions too." };
        var verbosity = CommonOptions.Verbosity();
        var config = SwitchVerb.ConfigOption();
        var command = new Command("outdated", "List the package tools of env.proj that have newer versions on the feeds of its nuget.config.")
        {
            project, json, prerelease, config, verbosity,
        };
        command.SetAction(async (result, ct) =>
        {
            var projectFile = EnvProjectLocator.Find(result.GetValue(project), Environment.CurrentDirectory);
            var lockFile = ProjectLock.For(projectFile, result.GetValue(config)).ReadFrom;
            IReadOnlyList<OutdatedTool> rows;
            try
            {
                rows = await OutdatedTools.FindAsync(projectFile, lockFile, result.GetValue(prerelease), new AddOptions { Install = CliInstallSettings.For(Path.GetDirectoryName(projectFile)!), Log = new ConsoleEnvLog(result.GetValue(verbosity)) }, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return 130;
            }
            if (result.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(rows, OutdatedJson.Default.IReadOnlyListOutdatedTool));
                return 0;
            }
            Console.Write(Table(rows, projectFile));
            return 0;
        });
        return command;
    }

    private static string Table(IReadOnlyList<OutdatedTool> rows, string projectFile)
    {
        var file = Path.GetFileName(projectFile);
        var shown = rows.Where(r => r.IsOutdated || r.Problem is not null).ToList();
        if (rows.Count == 0) return $"{file} declares no package tools.\n";
        if (shown.Count == 0) return $"Every package tool of {file} is at the newest version on its feeds.\n";

        var table = new List<string[]> { new[] { "Tool", "Package", "Requested", "Locked", "Wanted", "Latest" } };
        table.AddRange(shown.Where(r => r.Problem is null).Select(r => new[]
        {
            r.Rids.Count == 0 ? r.Name : $"{r.Name} ({string.Join(", ", r.Rids)})", r.Package, r.Requested, r.Locked ?? "-", r.Wanted ?? "-", r.Latest ?? "-",
        }));
        var widths = Enumerable.Range(0, 6).Select(c => table.Max(row => row[c].Length)).ToArray();
        var text = new System.Text.StringBuilder($"{file} has tools with newer versions:\n\n");
        foreach (var row in table)
            text.Append(("   " + string.Join("   ", row.Select((cell, c) => cell.PadRight(widths[c])))).TrimEnd()).Append('\n');
        foreach (var r in shown.Where(r => r.Problem is not null))
            text.Append($"\n{r.Name}: {r.Problem}\n");
        text.Append(table.Count > 1 ? "\nUpdate them with 'dotnet env update' (or some: 'dotnet env update TOOL…'); one to another version: 'dotnet env add TOOL@VERSION'.\n" : "");
        return text.ToString();
    }
}
