using System.CommandLine;
using Env.Core.Diagnostics;
using Env.Core.Editing;
using Env.Core.Projects;

namespace Env.Cli.Verbs;

/// <summary>
/// <c>dotnet env add PACKAGE[@VERSION] [--bin …]</c> and <c>dotnet env add [NAME[@VERSION]] --url URL [--rid RID] [--bin …]</c>:
/// resolve the package or download the archive (its Hash computed), write the Tool item into env.proj keeping its
/// formatting, then build (<c>mise use</c>, <c>devbox add</c>).
/// </summary>
internal static class AddVerb
{
    public static Command Create()
    {
        var what = new Argument<string?>("PACKAGE[@VERSION]")
        {
            Description = "The NuGet package (a .NET tool, or any package with --bin) and optionally its version: exact (1.3.0), floating (1.*) or a range. " +
                          "Default: the newest stable version. With --url: the tool's NAME[@VERSION], read from the URL's file name when not given.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var url = new Option<string?>("--url") { HelpName = "URL", Description = "Add an archive (.tar.gz, .tar.xz, .tar.bz2, .tar.zst, .tar, .zip) or a program downloaded from this http, https or file URL (or a path relative to env.proj's folder); its Hash is computed and written." };
        var rid = new Option<string?>("--rid") { HelpName = "RID", Description = "The platform the item is for (linux-x64, osx-arm64, win-x64…). With --url the default is this machine's ('any' for none); for a package, every platform." };
        var bin = new Option<string[]>("--bin") { HelpName = "PATH", Description = "A program inside the package or archive to put on PATH, relative to its root with '/'. Repeat for several. Default: a .NET tool's commands; an archive's programs in bin/, or its only one.", AllowMultipleArgumentsPerToken = false };
        var name = new Option<string?>("--name") { HelpName = "NAME", Description = "The tool's name in env.proj (its Include) when it should not be the package id." };
        var project = ProjectOption.Create("The env.proj to add the tool to");
        var verbosity = CommonOptions.BuildVerbosity();
        var noRestore = CommonOptions.NoRestore();
        var noBuild = new Option<bool>("--no-build") { Description = "Edit env.proj only; do not build the env." };
        var command = new Command("add", "Add a tool to env.proj (or move it to another version), then build the env.")
        {
            what, url, rid, bin, name, project, verbosity, noRestore, noBuild,
        };
        command.SetAction(async (result, ct) =>
        {
            var projectFile = EnvProjectLocator.Find(result.GetValue(project), Environment.CurrentDirectory);
            var options = new BuildOptions(result.GetValue(verbosity), result.GetValue(noRestore), result.GetValue(noBuild), []);
            var bins = (result.GetValue(bin) ?? []).SelectMany(b => b.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            var (id, version) = Split(result.GetValue(what));
            var urlText = result.GetValue(url);
            var editor = EnvProjectEditor.Load(projectFile);
            var addOptions = new AddOptions { Install = CliInstallSettings.For(Path.GetDirectoryName(projectFile)!), Log = new ConsoleEnvLog(options.Verbosity) };

            ResolvedTool resolved;
            try
            {
                if (urlText is not null)
                {
                    var toolName = result.GetValue(name) ?? id;
                    if (toolName is not null) editor.CheckEditable(toolName);
                    resolved = await ArchiveToolResolver.ResolveAsync(projectFile, urlText, toolName, version, bins, result.GetValue(rid), addOptions, ct);
                }
                else
                {
                    if (id is null)
                        throw new EnvException(EnvCode.ENV0730, "dotnet env add needs a package (dotnet env add PACKAGE[@VERSION]) or --url URL. Nothing was changed.", projectFile);
                    var toolName = result.GetValue(name);
                    // 'add hello@1.2.0' or 'add Hello.Tool@1.2.0' for <Tool Include="hello" Package="Hello.Tool">: that item moves.
                    if (toolName is null && editor.FindPackageTool(id) is { } existing)
                        (id, toolName) = (existing.PackageId, existing.Name.Equals(existing.PackageId, StringComparison.OrdinalIgnoreCase) ? null : existing.Name);
                    editor.CheckEditable(toolName ?? id);
                    resolved = await PackageToolResolver.ResolveAsync(projectFile, id, version, toolName, bins, result.GetValue(rid), addOptions, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw EditedProject.Cancelled(projectFile);
            }

            var edit = editor.Add(resolved.Item);
            edit.Save();
            Console.WriteLine(Describe(edit, resolved));
            return EditedProject.Build(edit, options, undoOnFailure: true);
        });
        return command;
    }

    /// <summary><c>id@version</c>; ids and versions hold no '@'.</summary>
    private static (string? Id, string? Version) Split(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return (null, null);
        var at = text.IndexOf('@');
        if (at < 0) return (text.Trim(), null);
        var version = text[(at + 1)..].Trim();
        return (at == 0 ? null : text[..at].Trim(), version.Length == 0 ? null : version);
    }

    private static string Describe(ProjectEdit edit, ResolvedTool resolved)
    {
        var item = resolved.Item;
        var version = item.Version == resolved.ResolvedVersion ? item.Version : $"{item.Version} (now {resolved.ResolvedVersion})";
        var where = item.Rid is null ? "" : $" for {item.Rid}";
        var file = Path.GetFileName(edit.ProjectFile);
        var details = new List<string> { $"from {resolved.Origin}" };
        if (item.Hash is not null) details.Add($"Hash {item.Hash}");
        if (resolved.Commands.Count > 0) details.Add($"command{(resolved.Commands.Count == 1 ? "" : "s")} {string.Join(", ", resolved.Commands)}");
        if (resolved.Inferred is not null) details.Add(resolved.Inferred);
        var said = $" ({string.Join("; ", details)})";
        return edit.Kind switch
        {
            ProjectEditKind.Added => $"Added {item.Name} {version}{where} to {file}{said}.",
            ProjectEditKind.Replaced => $"Changed {item.Name}{where} in {file}: {string.Join(", ", edit.PreviousVersions)} → {version}{said}.",
            _ => $"{item.Name} {item.Version}{where} is in {file} already; nothing changed.",
        };
    }
}
