using Env.Core.Archives;
using Env.Core.Diagnostics;
using Env.Core.Profiles;
using Env.Core.Store;
using Env.Core.Fetching;
using Env.Core.Model;

namespace Env.Core.Editing;

/// <summary>
/// Resolves <c>dotnet env add --url URL</c>: downloads the file under the build's limits, computes the Hash to pin
/// (sha256, SRI), and looks into the archive for its commands. The build's default (every program in <c>bin/</c>, else
/// at the root) is kept when it finds programs in <c>bin/</c> or exactly one at the root; else the one program in the
/// whole archive becomes Bin; else the choice is the user's (<c>--bin</c>) and the programs are listed.
/// A URL that is no archive but a program (ELF, Mach-O, MZ, <c>#!</c>) is added with <c>Executable="true"</c>.
/// </summary>
public static class ArchiveToolResolver
{
    /// <summary>
    /// <see cref="ResolveAsync"/> for each platform's download (<see cref="PlatformDownload.Plan"/>), one after the other,
    /// each file downloaded to compute its own Hash. The name and version are the same for every platform: given, or read
    /// from the first platform's URL. Every URL and Bin is judged before the first download.
    /// </summary>
    public static async Task<IReadOnlyList<ResolvedTool>> ResolveAllAsync(string projectFile, IReadOnlyList<PlatformDownload> downloads, string? name, string? version,
        AddOptions options, CancellationToken ct)
    {
        var first = ToolUrl.Parse(name ?? "(from --url)", downloads[0].Url, projectFile);
        var (guessedName, guessedVersion) = UrlToolName.Infer(first);
        var inferred = new[] { name is null ? "name" : null, version is null ? "version" : null }.OfType<string>().ToList();
        name ??= guessedName;
        version ??= guessedVersion;
        if (name is null || version is null)
        {
            var shown = UrlRedaction.Redact(downloads[0].Url);
            throw new EnvException(EnvCode.ENV0727,
                $"Cannot tell the tool's {(name is null && version is null ? "name and version" : name is null ? "name" : "version")} from {shown}. Nothing was changed. " +
                $"Give them before the URL: dotnet env add {name ?? "NAME"}@{version ?? "VERSION"} --url …", projectFile);
        }
        foreach (var download in downloads)
        {
            ToolUrl.Parse(name, download.Url, projectFile);
            ItemRules.Check(name, download.Bin, projectFile);
        }
        var note = inferred.Count == 0 ? null : $"{string.Join(" and ", inferred)} read from {(downloads.Count == 1 ? "the URL" : "the first URL")}";
        var resolved = new List<ResolvedTool>();
        foreach (var download in downloads)
        {
            var one = await ResolveAsync(projectFile, download.Url, name, version, download.Bin, download.Rid ?? "any", options, ct).ConfigureAwait(false);
            resolved.Add(one with { Inferred = note });
        }
        return resolved;
    }

    /// <param name="url">As the user wrote it (an http, https or file URL, or a path relative to env.proj's folder); written so.</param>
    /// <param name="name">The tool name; null to read it from the URL.</param>
    /// <param name="version">The exact version; null to read it from the URL.</param>
    /// <param name="rid">The item's Rid; null for this machine's (a download is one platform's build), "any" for none.</param>
    public static async Task<ResolvedTool> ResolveAsync(string projectFile, string url, string? name, string? version,
        IReadOnlyList<string> bin, string? rid, AddOptions options, CancellationToken ct)
    {
        var uri = ToolUrl.Parse(name ?? "(from --url)", url, projectFile);
        var shown = UrlRedaction.Redact(url);
        var (guessedName, guessedVersion) = UrlToolName.Infer(uri);
        var inferred = new[] { name is null ? "name" : null, version is null ? "version" : null }.OfType<string>().ToList();
        name ??= guessedName;
        version ??= guessedVersion;
        if (name is null || version is null)
        {
            throw new EnvException(EnvCode.ENV0727,
                $"Cannot tell the tool's {(name is null && version is null ? "name and version" : name is null ? "name" : "version")} from {shown}. Nothing was changed. " +
                $"Give them before the URL: dotnet env add {name ?? "NAME"}@{version ?? "VERSION"} --url {shown}", projectFile);
        }

        ItemRules.Check(name, bin, projectFile);
        using var setup = options.SetupFor(Path.GetDirectoryName(Path.GetFullPath(projectFile))!);
        var fetcher = setup.UrlFetcher();
        var fetched = await fetcher.FetchUnpinnedAsync(name, uri, projectFile, ct, url).ConfigureAwait(false);
        var itemRid = rid is null ? options.Install.Rid : rid.Equals("any", StringComparison.OrdinalIgnoreCase) ? null : rid;
        var item = new ToolItem { Name = name, Version = version, Url = url, Hash = fetched.Hash.ToSri(), Rid = itemRid, Bin = bin.Count > 0 ? string.Join(";", bin) : null };
        var origin = shown;
        var note = inferred.Count == 0 ? null : $"{string.Join(" and ", inferred)} read from the URL";

        var format = ArchiveFormats.FromFileName(uri.AbsolutePath);
        if (format is null)
        {
            if (!BareProgram.Is(fetched.Path))
            {
                throw new EnvException(EnvCode.ENV0729,
                    $"{shown} is neither an archive Env.Sdk unpacks (.tar.gz, .tgz, .tar.xz, .tar.bz2, .tar.zst, .tar, .zip) nor a program (ELF, Mach-O, Windows executable or #! script). Nothing was changed. " +
                    "Check the URL: a release page or an error page is not the file.", projectFile);
            }
            if (bin.Count > 0)
                throw new EnvException(EnvCode.ENV0728, $"{shown} is a program, not an archive: it is installed as the command '{name}' and takes no --bin. Nothing was changed.", projectFile);
            return new ResolvedTool(item with { Executable = true }, version, [name], origin, note);
        }

        var temp = Directory.CreateTempSubdirectory("envsdk-add-").FullName;
        try
        {
            var root = Path.Combine(temp, "tool");
            ArchiveExtractor.Extract(fetched.Path, format.Value, root, new ExtractionOptions(shown, options.Install.MaxUnpackedBytes, StripRoot: true, ReportedFile: projectFile), ct);
            var all = ProgramCandidates.In(root);
            if (bin.Count > 0)
            {
                var missing = bin.Where(b => !File.Exists(Path.Combine(root, b))).ToList();
                if (missing.Count > 0)
                {
                    throw new EnvException(EnvCode.ENV0726,
                        $"{shown} has no file {string.Join(", ", missing.Select(m => $"'{m}'"))} (paths are relative to the archive's top folder, which is stripped). Programs in it: {ProgramCandidates.Describe(all)}. Nothing was changed.",
                        projectFile);
                }
                return new ResolvedTool(item, version, bin.Select(Path.GetFileName).ToList()!, origin, note);
            }

            var hasBinFolder = Directory.Exists(Path.Combine(root, "bin"));
            var byDefault = ProgramCandidates.In(root, hasBinFolder ? "bin" : ".");
            if (byDefault.Count > 0 && (hasBinFolder || byDefault.Count == 1))
                return new ResolvedTool(item, version, Commands(byDefault, name, hasBinFolder ? "bin/" : "root", projectFile), origin, note);
            if (all.Count == 1)
                return new ResolvedTool(item with { Bin = all[0] }, version, Commands(all, name, "tree", projectFile), origin, note);
            throw new EnvException(EnvCode.ENV0726,
                $"{shown} has {(all.Count == 0 ? "no program" : $"{all.Count} programs and no bin/ folder")}, so which commands to expose is your choice. Programs in it: {ProgramCandidates.Describe(all)}. " +
                $"Nothing was changed. Name them with --bin (e.g. --bin {(all.Count > 0 ? all[0] : "path/inside/archive")}).", projectFile);
        }
        finally
        {
            ReadOnlyTree.Delete(temp);
        }
    }

    /// <summary>The command names the build will give these programs, judged as it judges them (ENV0017).</summary>
    private static List<string> Commands(IReadOnlyList<string> programs, string tool, string where, string projectFile) =>
        programs.Select(p => CommandName.Check(Path.GetFileName(p), tool, $"the archive's {where}",
            "Name the commands to expose with --bin path/inside/archive.", projectFile)).ToList();
}
