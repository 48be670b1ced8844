using System.CommandLine;
using Env.Core.Diagnostics;
using Env.Core.Editing;
using Env.Core.Projects;

namespace Env.Cli.Verbs;

/// <summary>
/// <c>dotnet env add PACKAGE[@VERSION] [--bin …]</c> and <c>dotnet env add [NAME[@VERSION]] --url URL [--rid RID]… [--bin …]</c>:
/// resolve the package or download the archive (its Hash computed), write the Tool item into env.proj keeping its
/// formatting, then build (<c>mise use</c>, <c>devbox add</c>). An archive for several platforms in one command: a URL
/// template expanded per RID (<see cref="UrlTemplate"/>, <see cref="PlatformNames"/>), or <c>--rid</c>/<c>--url</c> pairs;
/// each platform's file downloaded for its own Hash (<see cref="PlatformDownload"/>).
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
        var url = new Option<string[]>("--url")
        {
            HelpName = "URL",
            Description = "Add an archive (.tar.gz, .tar.xz, .tar.bz2, .tar.zst, .tar, .zip) or a program downloaded from this http, https or file URL (or a path relative to env.proj's folder); its Hash is computed and written. " +
                          "Placeholders {rid}, {os}, {arch}, {ext}, {exe}, {version} make it a template, expanded and downloaded for each --rid (default: EnvLockRuntimeIdentifiers). Repeat with --rid to pair a URL with each platform.",
            AllowMultipleArgumentsPerToken = false,
        };
        var rid = new Option<string[]>("--rid")
        {
            HelpName = "RID",
            Description = "The platform the item is for (linux-x64, osx-arm64, win-x64…); repeat for several. With --url the default is this machine's ('any' for none), or for a template every platform in EnvLockRuntimeIdentifiers; for a package, every platform.",
            AllowMultipleArgumentsPerToken = false,
        };
        var osNames = new Option<string[]>("--os-names") { HelpName = "KEY=NAME,…", Description = "What {os} becomes, by the RID's OS or a whole RID: osx=darwin,win=windows. Default: the RID's own (linux, linux-musl, osx, win)." };
        var archNames = new Option<string[]>("--arch-names") { HelpName = "KEY=NAME,…", Description = "What {arch} becomes, by the RID's architecture or a whole RID: x64=amd64,arm64=aarch64. Default: the RID's own (x64, arm64)." };
        var extNames = new Option<string[]>("--ext-names") { HelpName = "KEY=EXT,…", Description = "What {ext} becomes, by the RID's OS or a whole RID: osx=zip,linux=tar.xz. Default: zip on Windows, tar.gz elsewhere." };
        var optional = new Option<bool>("--optional") { Description = "Write Optional=\"true\": a platform none of the tool's items is for has no such tool, instead of failing its build." };
        var bin = new Option<string[]>("--bin") { HelpName = "PATH", Description = "A program inside the package or archive to put on PATH, relative to its root with '/'. Repeat for several. Default: a .NET tool's commands; an archive's programs in bin/, or its only one.", AllowMultipleArgumentsPerToken = false };
        var name = new Option<string?>("--name") { HelpName = "NAME", Description = "The tool's name in env.proj (its Include) when it should not be the package id." };
        var project = ProjectOption.Create("The env.proj to add the tool to");
        var verbosity = CommonOptions.BuildVerbosity();
        var noRestore = CommonOptions.NoRestore();
        var noBuild = new Option<bool>("--no-build") { Description = "Edit env.proj only; do not build the env." };
        var command = new Command("add", "Add a tool to env.proj (or move it to another version), then build the env.")
        {
            what, url, rid, osNames, archNames, extNames, optional, bin, name, project, verbosity, noRestore, noBuild,
        };
        command.SetAction(async (result, ct) =>
        {
            var projectFile = EnvProjectLocator.Find(result.GetValue(project), Environment.CurrentDirectory);
            var options = new BuildOptions(result.GetValue(verbosity), result.GetValue(noRestore), result.GetValue(noBuild), []);
            var bins = (result.GetValue(bin) ?? []).SelectMany(b => b.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            var (id, version) = Split(result.GetValue(what));
            var urls = result.GetValue(url) ?? [];
            var rids = result.GetValue(rid) ?? [];
            var names = (os: result.GetValue(osNames) ?? [], arch: result.GetValue(archNames) ?? [], ext: result.GetValue(extNames) ?? []);
            var markOptional = result.GetValue(optional);
            var editor = EnvProjectEditor.Load(projectFile);
            var addOptions = new AddOptions { Install = CliInstallSettings.For(Path.GetDirectoryName(projectFile)!), Log = new ConsoleEnvLog(options.Verbosity) };

            IReadOnlyList<ResolvedTool> resolved;
            try
            {
                if (urls.Length > 0)
                {
                    var toolName = result.GetValue(name) ?? id;
                    if (toolName is not null) editor.CheckEditable(toolName);
                    var platformNames = PlatformNames.Parse(names.os, names.arch, names.ext, projectFile);
                    var downloads = PlatformDownload.Plan(urls, rids, () => LockPlatforms(projectFile), version, bins, platformNames, addOptions.Install.Rid, projectFile);
                    resolved = await ArchiveToolResolver.ResolveAllAsync(projectFile, downloads, toolName, version, addOptions, ct);
                }
                else
                {
                    if (id is null)
                        throw new EnvException(EnvCode.ENV0730, "dotnet env add needs a package (dotnet env add PACKAGE[@VERSION]) or --url URL. Nothing was changed.", projectFile);
                    if (rids.Length > 1 || names.os.Length + names.arch.Length + names.ext.Length > 0)
                    {
                        throw new EnvException(EnvCode.ENV0736,
                            "A package is added as one item (for every platform, or the one --rid names): several --rid, --os-names, --arch-names and --ext-names are for --url. Nothing was changed.", projectFile);
                    }
                    var toolName = result.GetValue(name);
                    // 'add hello@1.2.0' or 'add Hello.Tool@1.2.0' for <Tool Include="hello" Package="Hello.Tool">: that item moves.
                    if (toolName is null && editor.FindPackageTool(id) is { } existing)
                        (id, toolName) = (existing.PackageId, existing.Name.Equals(existing.PackageId, StringComparison.OrdinalIgnoreCase) ? null : existing.Name);
                    editor.CheckEditable(toolName ?? id);
                    resolved = [await PackageToolResolver.ResolveAsync(projectFile, id, version, toolName, bins, rids.FirstOrDefault(), addOptions, ct)];
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw EditedProject.Cancelled(projectFile);
            }

            var edit = editor.AddAll(resolved.Select(r => markOptional ? r.Item with { Optional = true } : r.Item).ToList());
            edit.Save();
            foreach (var (step, tool) in edit.Steps.Zip(resolved)) Console.WriteLine(Describe(step, tool));
            return EditedProject.Build(edit, options, undoOnFailure: true);
        });
        return command;
    }

    /// <summary>The platforms a URL template is expanded for when no --rid is given: EnvLockRuntimeIdentifiers, as MSBuild evaluates it.</summary>
    private static IReadOnlyList<string> LockPlatforms(string projectFile) =>
        ProjectProperty.Read(projectFile, "EnvLockRuntimeIdentifiers").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

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
