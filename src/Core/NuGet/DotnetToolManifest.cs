using System.Xml;
using System.Xml.Linq;
using Env.Core.Diagnostics;
using Env.Core.Platforms;
using NuGet.Frameworks;

namespace Env.Core.NuGet;

/// <summary>One command of a .NET tool package, as its DotnetToolSettings.xml declares it.</summary>
/// <param name="Name">The command users type (<c>dotnet-ef</c>, <c>csharpier</c>).</param>
/// <param name="EntryPoint">Path relative to <paramref name="ToolDirectory"/>: a .dll for the <c>dotnet</c> runner, a native file for <c>executable</c>.</param>
/// <param name="Runner"><c>dotnet</c> (run with the muxer) or <c>executable</c> (run directly).</param>
/// <param name="ToolDirectory">Folder of the chosen settings file relative to the package root, with '/' (e.g. <c>tools/net8.0/any</c>).</param>
public sealed record DotnetToolCommand(string Name, string EntryPoint, string Runner, string ToolDirectory);

/// <summary>A RID-specific package a .NET 10 "pointer" tool package redirects to (<c>&lt;id&gt;.&lt;rid&gt;</c>).</summary>
/// <param name="Version">The version the pointer names, or null for "the pointer package's own version".</param>
public sealed record DotnetToolRidPackage(string RuntimeIdentifier, string Id, string? Version);

/// <summary>What a .NET tool package offers on this machine.</summary>
/// <param name="TargetFramework">The chosen tools/&lt;tfm&gt; folder name (<c>net8.0</c>).</param>
/// <param name="RuntimeIdentifier">The chosen tools/&lt;tfm&gt;/&lt;rid&gt; folder name (<c>any</c>, <c>linux-x64</c>).</param>
/// <param name="ToolDirectory">tools/&lt;tfm&gt;/&lt;rid&gt;, relative to the package root, with '/'.</param>
/// <param name="CommandNames">Names of all declared commands (also given by pointer packages, which have no entry points).</param>
/// <param name="Commands">Runnable commands; empty for a RID-specific pointer package.</param>
/// <param name="RuntimeIdentifierPackages">The RID-specific packages a pointer package lists; empty otherwise.</param>
/// <param name="RuntimeIdentifierPackage">
/// The package of <see cref="RuntimeIdentifierPackages"/> to fetch for the RID asked about (first match along its
/// fallback chain), or null when the package is not a pointer or lists nothing for this machine.
/// </param>
public sealed record DotnetToolInfo(
    string TargetFramework,
    string RuntimeIdentifier,
    string ToolDirectory,
    IReadOnlyList<string> CommandNames,
    IReadOnlyList<DotnetToolCommand> Commands,
    IReadOnlyList<DotnetToolRidPackage> RuntimeIdentifierPackages,
    DotnetToolRidPackage? RuntimeIdentifierPackage)
{
    /// <summary>True for a .NET 10 RID-specific tool's primary package: the payload is in <see cref="RuntimeIdentifierPackage"/>.</summary>
    public bool IsRidSpecificPointer => RuntimeIdentifierPackages.Count > 0;
}

/// <summary>Reads tools/&lt;tfm&gt;/&lt;rid&gt;/DotnetToolSettings.xml from an unpacked .NET tool package.</summary>
public static class DotnetToolManifest
{
    public const string SettingsFileName = "DotnetToolSettings.xml";

    /// <summary>
    /// The tool settings best suited to this machine: the highest tools/&lt;tfm&gt; (a .NETCoreApp framework whose major
    /// version is at most the running runtime's) that has a &lt;rid&gt; folder on <paramref name="currentRid"/>'s fallback
    /// chain (<c>any</c> included). Null when the package is not a .NET tool (no settings file under tools/).
    /// Throws ENV0410 when it is a tool but has nothing for this runtime or RID, ENV0411 when the settings file is invalid.
    /// </summary>
    public static DotnetToolInfo? TryRead(string packageRoot, string currentRid) =>
        TryRead(packageRoot, currentRid, Environment.Version.Major);

    internal static DotnetToolInfo? TryRead(string packageRoot, string currentRid, int runtimeMajor)
    {
        ArgumentNullException.ThrowIfNull(packageRoot);
        ArgumentException.ThrowIfNullOrWhiteSpace(currentRid);
        var tools = Path.Combine(packageRoot, "tools");
        if (!Directory.Exists(tools)) return null;

        // Every tools/<tfm>/<rid>/DotnetToolSettings.xml, whatever its tfm or rid.
        var all = new List<(string Tfm, string Rid, NuGetFramework Framework)>();
        foreach (var tfmDir in Directory.EnumerateDirectories(tools))
        {
            var tfm = Path.GetFileName(tfmDir);
            foreach (var ridDir in Directory.EnumerateDirectories(tfmDir))
            {
                if (File.Exists(Path.Combine(ridDir, SettingsFileName)))
                    all.Add((tfm, Path.GetFileName(ridDir), NuGetFramework.ParseFolder(tfm)));
            }
        }
        if (all.Count == 0) return null;

        var chain = RuntimeIdentifierChain.Fallbacks(currentRid);
        var candidates = all
            .Where(s => (s.Framework.Framework == FrameworkConstants.FrameworkIdentifiers.NetCoreApp && s.Framework.Version.Major <= runtimeMajor)
                // A .NET 10 RID-specific tool's pointer package keeps its settings in tools/any/any.
                || s.Framework.IsAny)
            .GroupBy(s => s.Tfm, StringComparer.OrdinalIgnoreCase)
            .OrderBy(g => g.First().Framework.IsAny)
            .ThenByDescending(g => g.First().Framework.Version);
        foreach (var tfm in candidates)
        {
            foreach (var rid in chain)
            {
                var hit = tfm.FirstOrDefault(s => s.Rid.Equals(rid, StringComparison.OrdinalIgnoreCase));
                if (hit.Tfm is null) continue;
                return Read(packageRoot, hit.Tfm, hit.Rid, chain);
            }
        }

        var offered = string.Join(", ", all.Select(s => $"tools/{s.Tfm}/{s.Rid}").Order(StringComparer.Ordinal));
        throw new EnvException(EnvCode.ENV0410,
            $"The .NET tool package at '{packageRoot}' has no build for this machine (runtime {runtimeMajor}.x, RID {currentRid}); it offers {offered}. " +
            "Pick a version of the tool that targets this runtime, or install a newer .NET runtime.");
    }

    private static DotnetToolInfo Read(string packageRoot, string tfm, string rid, IReadOnlyList<string> chain)
    {
        var toolDirectory = $"tools/{tfm}/{rid}";
        var file = Path.Combine(packageRoot, "tools", tfm, rid, SettingsFileName);
        XElement root;
        try
        {
            root = PackageXml.Load(file, "The .NET tool settings").Root ?? throw new XmlException("no root element");
        }
        catch (XmlException e)
        {
            throw Invalid(file, $"it is not valid XML, or has a DTD, which is refused ({PrintableText.Name(e.Message)})", e);
        }
        if (root.Name.LocalName != "DotNetCliTool") throw Invalid(file, $"its root element is <{root.Name.LocalName}>, not <DotNetCliTool>");

        var ridPackages = new List<DotnetToolRidPackage>();
        foreach (var p in Children(root, "RuntimeIdentifierPackages").SelectMany(e => Children(e, "RuntimeIdentifierPackage")))
        {
            var prid = Attr(p, "RuntimeIdentifier");
            var id = Attr(p, "Id");
            if (string.IsNullOrWhiteSpace(prid) || string.IsNullOrWhiteSpace(id))
                throw Invalid(file, "a <RuntimeIdentifierPackage> lacks its RuntimeIdentifier or Id attribute");
            ridPackages.Add(new DotnetToolRidPackage(prid, id, Attr(p, "Version")));
        }

        var names = new List<string>();
        var commands = new List<DotnetToolCommand>();
        foreach (var c in Children(root, "Commands").SelectMany(e => Children(e, "Command")))
        {
            var name = Attr(c, "Name");
            if (string.IsNullOrWhiteSpace(name)) throw Invalid(file, "a <Command> has no Name");
            names.Add(name);
            if (ridPackages.Count > 0) continue; // a pointer: entry point and runner are in the RID-specific package

            var entryPoint = Attr(c, "EntryPoint");
            if (string.IsNullOrWhiteSpace(entryPoint)) throw Invalid(file, $"command '{name}' has no EntryPoint");
            entryPoint = entryPoint.Replace('\\', '/');
            if (Path.IsPathRooted(entryPoint) || entryPoint.Split('/').Contains(".."))
                throw Invalid(file, $"command '{name}' has entry point '{entryPoint}' outside its tool folder");
            var runner = (Attr(c, "Runner") ?? "dotnet").ToLowerInvariant();
            if (runner is not ("dotnet" or "executable"))
                throw Invalid(file, $"command '{name}' has runner '{runner}'; only 'dotnet' and 'executable' are known");
            commands.Add(new DotnetToolCommand(name, entryPoint, runner, toolDirectory));
        }
        if (names.Count == 0) throw Invalid(file, "it declares no <Command>");

        DotnetToolRidPackage? forThisMachine = null;
        foreach (var r in chain)
        {
            forThisMachine = ridPackages.FirstOrDefault(p => p.RuntimeIdentifier.Equals(r, StringComparison.OrdinalIgnoreCase));
            if (forThisMachine is not null) break;
        }

        return new DotnetToolInfo(tfm, rid, toolDirectory, names, commands, ridPackages, forThisMachine);
    }

    // The file has no namespace in practice; match on local names so a stray xmlns does not hide everything.
    private static IEnumerable<XElement> Children(XElement e, string localName) => e.Elements().Where(c => c.Name.LocalName == localName);

    private static string? Attr(XElement e, string name) => e.Attributes().FirstOrDefault(a => a.Name.LocalName == name)?.Value.Trim();

    private static EnvException Invalid(string file, string why, Exception? inner = null) =>
        new(EnvCode.ENV0411, $"The .NET tool settings '{file}' are invalid: {why}. The tool package is broken; pick another version or report it to its authors.", file, inner);
}
