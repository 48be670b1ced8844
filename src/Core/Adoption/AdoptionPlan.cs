using Env.Core.Diagnostics;
using Env.Core.Projects;

namespace Env.Core.Adoption;

/// <summary>
/// What <c>dotnet env init</c> will change in a repository, worked out before anything is written: env/env.proj from the
/// tool manifest (unless the repository has an env), the Env.Sdk pin in global.json, the package source in nuget.config
/// when one is given, .gitignore lines, and Directory.Solution.targets (<see cref="SolutionHook"/>) when the root holds a solution. Every file it reads
/// is checked first (<see cref="AdoptedFile"/>), so a refusal leaves the repository as it was. It only adds.
/// </summary>
public sealed class AdoptionPlan
{
    public required string Root { get; init; }

    /// <summary>The env: the repository's own when it has one (nothing generated then), else env/env.proj to write.</summary>
    public required string EnvProject { get; init; }

    public required bool EnvExists { get; init; }

    /// <summary>Whether the env's folder is init's own (it did not exist): then a failed first build takes it away whole.</summary>
    public bool EnvFolderIsNew { get; init; }

    public string? Manifest { get; init; }

    public IReadOnlyList<ManifestTool> Tools { get; init; } = [];

    public required IReadOnlyList<PlannedFile> Files { get; init; }

    /// <summary>The Env.Sdk version global.json pins once the plan is applied.</summary>
    public required string PinnedVersion { get; init; }

    public bool ChangesNothing => Files.Count == 0;

    /// <param name="root">The repository's root.</param>
    /// <param name="sdkVersion">The Env.Sdk version to pin (this dotnet-env's own).</param>
    /// <param name="source">A package source that serves Env.Sdk, to add to nuget.config; null to leave nuget.config alone.</param>
    public static AdoptionPlan Make(string root, string sdkVersion, string? source)
    {
        root = Path.GetFullPath(root);
        if (!Directory.Exists(root))
            throw new EnvException(EnvCode.ENV0701, $"{root} does not exist. Name the repository's root folder.", root);
        var files = new List<PlannedFile>();

        var existing = EnvProjectLocator.At(root);
        var envProject = existing ?? Path.Combine(root, EnvProjectLocator.FolderName, EnvProjectLocator.FileName);
        string? manifest = null;
        IReadOnlyList<ManifestTool> tools = [];
        if (existing is null)
        {
            if (Directory.Exists(envProject) || new FileInfo(envProject).LinkTarget is not null || File.Exists(Path.Combine(root, EnvProjectLocator.FolderName)))
                throw AdoptedFile.Unusable(envProject, "something that is not an env project is in the way");
            manifest = ToolManifest.Find(root);
            if (manifest is not null) tools = ToolManifest.Read(manifest);
            var relative = manifest is null ? null : Path.GetRelativePath(root, manifest).Replace('\\', '/');
            files.Add(new PlannedFile(envProject, null, AdoptedEnvProject.Text(tools, relative),
                tools.Count == 0 ? "the env, with no tools yet" : $"the env, with the {tools.Count} tool(s) of {relative}: {string.Join(", ", tools.Select(t => $"{t.PackageId} {t.Version}"))}"));
        }

        var globalJson = Path.Combine(root, "global.json");
        var globalBefore = AdoptedFile.Read(globalJson, GlobalJsonPin.MaxBytes);
        var pin = GlobalJsonPin.Add(globalJson, globalBefore, sdkVersion);
        if (pin.Text is not null)
            files.Add(new PlannedFile(globalJson, globalBefore, pin.Text, globalBefore is null ? $"pins Env.Sdk {sdkVersion}" : $"adds \"msbuild-sdks\": {{ \"Env.Sdk\": \"{sdkVersion}\" }}, every other key kept"));

        if (source is not null)
        {
            var config = NuGetConfigPath(root);
            var configBefore = AdoptedFile.Read(config, NuGetConfigSource.MaxBytes);
            var value = SourceValue(source, Path.GetDirectoryName(config)!);
            var edit = NuGetConfigSource.Add(config, configBefore, value);
            if (edit.Text is not null) files.Add(new PlannedFile(config, configBefore, edit.Text, "adds " + string.Join(" and ", edit.Changes)));
        }

        var gitignore = Path.Combine(root, ".gitignore");
        var gitignoreBefore = AdoptedFile.Read(gitignore, GitIgnoreLines.MaxBytes);
        var envFolder = Path.GetRelativePath(root, Path.GetDirectoryName(envProject)!).Replace('\\', '/');
        if (envFolder != "." && GitIgnoreLines.Add(gitignoreBefore, envFolder) is { } ignored)
            files.Add(new PlannedFile(gitignore, gitignoreBefore, ignored, $"ignores /{envFolder}/obj/ and /{envFolder}/bin/ (the env's build output)"));

        // The solutions at the root prepare the env through MSBuild's solution hook, not by listing env.proj: a solution
        // project no language claims is a load failure in every MSBuildWorkspace-based editor and tool.
        var solutions = Directory.EnumerateFiles(root).Where(f => f.EndsWith(".sln", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase))
            .Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();
        if (solutions.Count > 0)
        {
            var hook = Path.Combine(root, SolutionHook.FileName);
            var hookBefore = AdoptedFile.Read(hook, SolutionHook.MaxBytes);
            if (SolutionHook.Add(hook, hookBefore) is { } hookText)
                files.Add(new PlannedFile(hook, hookBefore, hookText,
                    $"imports Env.Sdk's Solution.targets, so building, restoring or testing {string.Join(", ", solutions)} prepares and builds the env (env.proj stays out of the solution, so editors load only its C# projects)"));
        }

        return new AdoptionPlan
        {
            Root = root, EnvProject = envProject, EnvExists = existing is not null,
            EnvFolderIsNew = existing is null && !Directory.Exists(Path.GetDirectoryName(envProject)), Manifest = manifest, Tools = tools,
            Files = files, PinnedVersion = pin.PinnedVersion,
        };
    }

    /// <summary>The nuget.config NuGet reads first for the root: an existing one there (any casing NuGet accepts), else nuget.config.</summary>
    private static string NuGetConfigPath(string root)
    {
        foreach (var name in new[] { "nuget.config", "NuGet.config", "NuGet.Config" })
            if (File.Exists(Path.Combine(root, name))) return Path.Combine(root, name);
        return Path.Combine(root, "nuget.config");
    }

    /// <summary>A URL as given; a folder as nuget.config takes it: relative to its folder when below it, else absolute.</summary>
    private static string SourceValue(string source, string configDir)
    {
        if (Uri.TryCreate(source, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https") return source;
        var full = Path.GetFullPath(source);
        var relative = Path.GetRelativePath(configDir, full);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative.Replace('\\', '/');
    }

    /// <summary>Writes every planned file; on a failure part way, puts back those written.</summary>
    public void Write()
    {
        var written = new List<PlannedFile>();
        try
        {
            foreach (var file in Files)
            {
                file.Write();
                written.Add(file);
            }
        }
        catch
        {
            foreach (var file in written) file.Undo();
            throw;
        }
    }

    /// <summary>Puts every planned file back as it was, and removes the env folder when init made it (with what its build wrote there).</summary>
    public void Undo()
    {
        foreach (var file in Files) file.Undo();
        if (EnvFolderIsNew && Directory.Exists(Path.GetDirectoryName(EnvProject))) Directory.Delete(Path.GetDirectoryName(EnvProject)!, recursive: true);
    }
}
