using Env.Core.Archives;
using Env.Core.Diagnostics;
using Env.Core.Model;
using Env.Core.Profiles;
using Env.Core.Store;
using Env.Core.NuGet;

namespace Env.Core.Editing;

/// <summary>
/// Resolves <c>dotnet env add PACKAGE[@VERSION]</c> on the feeds of the project's nuget.config: no version is the newest
/// stable one; the package is downloaded and looked into, so a package that is not a .NET tool and names no program
/// (<c>--bin</c>) is refused now, listing the programs it holds, rather than at the build.
/// </summary>
public static class PackageToolResolver
{
    /// <param name="projectFile">env.proj: nuget.config is looked up from its folder, and errors name it.</param>
    /// <param name="version">Exact, floating (<c>1.*</c>) or a range, written as given; null for the newest stable version, written exactly.</param>
    /// <param name="name">The tool name when it is not the package id (the item's Include; the id goes to Package).</param>
    /// <param name="rid">The item's Rid, or null for every platform.</param>
    public static async Task<ResolvedTool> ResolveAsync(string projectFile, string packageId, string? version, string? name,
        IReadOnlyList<string> bin, string? rid, AddOptions options, CancellationToken ct)
    {
        // The item's rules (name, Bin paths) before any feed is asked.
        ItemRules.Check(name ?? packageId, bin, projectFile);
        var folder = Path.GetDirectoryName(Path.GetFullPath(projectFile))!;
        using var setup = options.SetupFor(folder);
        var fetcher = setup.NuGet();
        var resolved = await fetcher.ResolveAsync(packageId, version ?? "*", ct).ConfigureAwait(false);

        var temp = Directory.CreateTempSubdirectory("envsdk-add-").FullName;
        try
        {
            var nupkg = Path.Combine(temp, "package.nupkg");
            await fetcher.DownloadAsync(resolved, nupkg, ct).ConfigureAwait(false);
            var root = Path.Combine(temp, "package");
            ArchiveExtractor.Extract(nupkg, ArchiveFormat.Zip, root,
                new ExtractionOptions($"{resolved.Id} {resolved.Version}", options.Install.MaxUnpackedBytes, StripRoot: false, UnescapeNames: true, ReportedFile: projectFile), ct);
            // The nuspec is the package's word: taken only for the casing of the id asked for.
            var id = CanonicalId(root) is { } spelt && spelt.Equals(resolved.Id, StringComparison.OrdinalIgnoreCase) ? spelt : resolved.Id;

            var tool = DotnetToolManifest.TryRead(root, rid ?? options.Install.Rid);
            IReadOnlyList<string> commands;
            if (bin.Count > 0)
            {
                var missing = bin.Where(b => !File.Exists(Path.Combine(root, b))).ToList();
                if (missing.Count > 0)
                {
                    throw new EnvException(EnvCode.ENV0726,
                        $"Package {id} {resolved.Version} has no file {string.Join(", ", missing.Select(m => $"'{m}'"))}. Programs in it: {ProgramCandidates.Describe(ProgramCandidates.In(root))}. " +
                        "Nothing was changed. Give --bin a path inside the package, with '/'.", projectFile);
                }
                commands = bin.Select(Path.GetFileName).ToList()!;
            }
            else if (tool is not null)
            {
                commands = tool.CommandNames;
                foreach (var command in commands)
                {
                    CommandName.Check(command, name ?? id, $"package {id}'s DotnetToolSettings.xml",
                        "The package is broken or hostile; do not use this version (or name the programs to expose with --bin).", projectFile);
                }
            }
            else
            {
                var programs = ProgramCandidates.In(root);
                throw new EnvException(EnvCode.ENV0725,
                    $"Package {id} {resolved.Version} is not a .NET tool (it has no DotnetToolSettings.xml), so it names no command. " +
                    (programs.Count == 0 ? "No file in it looks like a program either (no extension, or .exe): check the package id. " : $"Programs in it: {ProgramCandidates.Describe(programs)}. ") +
                    $"Nothing was changed. Choose with --bin (e.g. dotnet env add {id} --bin path/inside/package), once per program; add --rid for a program of one platform.",
                    projectFile);
            }

            var item = new ToolItem
            {
                Name = name ?? id,
                Version = version ?? resolved.Version,
                Package = name is not null && !name.Equals(id, StringComparison.OrdinalIgnoreCase) ? id : null,
                Rid = rid,
                Bin = bin.Count > 0 ? string.Join(";", bin) : null,
            };
            return new ResolvedTool(item, resolved.Version, commands, $"source '{resolved.Source}'");
        }
        finally
        {
            ReadOnlyTree.Delete(temp);
        }
    }

    /// <summary>The id as the package spells it (<c>dotnet-EF</c> typed, <c>dotnet-ef</c> written).</summary>
    private static string? CanonicalId(string packageRoot) => NuGet.PackageXml.NuspecId(packageRoot, "The package");
}
