using System.IO.Compression;
using Env.Core.Diagnostics;
using Env.Core.Model;
using Env.Core.Platforms;

namespace Env.Core.ToolSets;

/// <summary>
/// A tool set package unpacked in a folder (a nupkg extracted, or NuGet's <c>&lt;packages&gt;/&lt;id&gt;/&lt;version&gt;/</c>):
/// what <c>dotnet env run SET@VERSION#tool</c> asks of it after fetching it. No MSBuild: <see cref="ToolSetFile"/>.
/// </summary>
public static class ToolSetPackage
{
    /// <summary>The package's set file, <c>Sdk/Sdk.props</c>; ENV0443 when it has none (it is not a tool set).</summary>
    public static string SetFile(string packageFolder)
    {
        var file = Path.Combine(Path.GetFullPath(packageFolder), "Sdk", "Sdk.props");
        if (!File.Exists(file))
        {
            throw new EnvException(EnvCode.ENV0443,
                $"{packageFolder} is not a tool set package: it has no {ToolSetFile.PathInPackage}. A tool set is a NuGet package whose Sdk/Sdk.props holds ToolDefinition items.",
                packageFolder);
        }
        return file;
    }

    /// <summary>
    /// The set in a .nupkg file as downloaded (<c>NuGetPackageFetcher.DownloadAsync</c>), read from its <c>Sdk/Sdk.props</c>
    /// entry without unpacking anything: the archive is hostile, so the entry is read through the size bound whatever its
    /// header says. Definitions name <c>&lt;nupkg&gt;!/Sdk/Sdk.props</c> as the file they come from.
    /// </summary>
    public static ToolSet ReadNupkg(string nupkgPath, string id)
    {
        var full = Path.GetFullPath(nupkgPath);
        var name = full + "!/" + ToolSetFile.PathInPackage;
        try
        {
            using var zip = Archives.ZipDirectoryGuard.OpenRead(full, full);
            var entry = zip.Entries.FirstOrDefault(e => e.FullName == ToolSetFile.PathInPackage)
                ?? throw new EnvException(EnvCode.ENV0443,
                    $"{full} is not a tool set package: it has no {ToolSetFile.PathInPackage}. A tool set is a NuGet package whose Sdk/Sdk.props holds ToolDefinition items.",
                    full);
            if (entry.Length > ToolSetFile.MaxBytes) throw ToolSetFile.TooBig(name, entry.Length);
            using var content = entry.Open();
            var items = ToolSetFile.ReadItems(content, name);
            return new ToolSet(id, name, ToolDefinitionParser.ParseAll(items));
        }
        catch (InvalidDataException e)
        {
            throw new EnvException(EnvCode.ENV0441, $"{full} is not a readable package (zip): {e.Message}", full, e);
        }
        catch (IOException e)
        {
            throw new EnvException(EnvCode.ENV0440, $"{full} cannot be read: {e.Message}", full, e);
        }
    }

    /// <summary>The set in the package, every platform's definitions, named <paramref name="id"/> (the package id) when given.</summary>
    public static ToolSet Read(string packageFolder, string? id = null)
    {
        var set = ToolSetFile.ReadSet(SetFile(packageFolder));
        return id is null ? set : set with { Name = id };
    }

    /// <summary>
    /// The definition of <paramref name="tool"/> for <paramref name="rid"/> (this machine's when null): the item of the first
    /// RID on its fallback chain. ENV0446 when the set does not define the tool (listing what it does), ENV0005 when it
    /// defines it for other platforms only.
    /// </summary>
    public static ToolSpec Find(string packageFolder, string tool, string? rid = null, string? id = null) =>
        Pick(Read(packageFolder, id), tool, rid ?? RuntimeIdentifierChain.Current());

    /// <summary><see cref="Find"/> on a set already read.</summary>
    public static ToolSpec Pick(ToolSet set, string tool, string rid)
    {
        var definitions = set.Find(tool);
        if (definitions.Count == 0)
        {
            throw new EnvException(EnvCode.ENV0446,
                $"Tool set {set.Name} defines no tool '{tool}'. It defines: {Offered(set)}.",
                set.File);
        }
        var choice = ToolSelection.Choose(definitions, rid);
        if (choice.Tools.Count == 0)
        {
            throw new EnvException(EnvCode.ENV0005,
                $"Tool set {set.Name} defines '{tool}' for {string.Join(", ", definitions.Select(d => d.LockRid))} only, and says it does not exist on {rid} (Optional or Platforms). Run it on one of those platforms.",
                set.File);
        }
        return choice.Tools.Single();
    }

    /// <summary>The tools a set defines, for messages.</summary>
    internal static string Offered(ToolSet set) => set.ToolNames.Count == 0 ? "nothing" : string.Join(", ", set.ToolNames);
}
