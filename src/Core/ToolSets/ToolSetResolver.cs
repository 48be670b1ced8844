using Env.Core.Diagnostics;
using Env.Core.Model;

namespace Env.Core.ToolSets;

/// <summary>
/// Turns env.proj's <c>Tool</c> items into <see cref="ToolSpec"/>s, taking from the sets in use the tools an item only
/// names: <c>&lt;Tool Include="protoc" /&gt;</c>, or <c>&lt;Tool Include="protoc" ToolSet="Contoso.Tools" /&gt;</c> when
/// two sets define it. An item that gives its own <c>Version</c> or <c>Url</c> is a whole Tool item and wins over every
/// set. A tool taken from a set gets every platform's definition, so <c>-t:EnvLock</c> locks them all; the item may still
/// say where the tool exists in this env (<c>Optional</c>, <c>Platforms</c>), which replaces what the set says.
/// </summary>
public static class ToolSetResolver
{
    /// <summary>The metadata that names the set to take a tool from.</summary>
    public const string ToolSetMetadata = "ToolSet";

    public static IReadOnlyList<ToolSpec> Resolve(IReadOnlyList<(string Name, IReadOnlyDictionary<string, string> Metadata)> tools, IReadOnlyList<ToolSet> sets, string projectFile)
    {
        var specs = new List<ToolSpec>();
        var fromSets = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, metadata) in tools)
        {
            if (!TakesFromSet(metadata, sets.Count > 0))
            {
                specs.Add(ToolSpecParser.Parse(name, metadata, projectFile));
                continue;
            }
            var named = Get(metadata, ToolSetMetadata);
            // Where the tool exists is this env's to say (Optional, Platforms); what it is, the set's.
            var others = metadata.Keys.Where(k => !string.Equals(k, ToolSetMetadata, StringComparison.OrdinalIgnoreCase)
                && !ToolSpecParser.AvailabilityMetadata.Contains(k, StringComparer.OrdinalIgnoreCase) && metadata[k].Length > 0).ToList();
            if (others.Count > 0)
            {
                throw new EnvException(EnvCode.ENV0053,
                    named is not null
                        ? $"Tool '{name}' names ToolSet=\"{named}\" and also has {string.Join(", ", others)}. A tool taken from a set is used as the set defines it: remove {string.Join(", ", others)}, or remove ToolSet and write the whole Tool item (Version and Url or Package) to override the set."
                        : $"Tool '{name}' has {string.Join(", ", others)} but no Version or Url, so it is taken from a tool set, which defines the rest. Remove {string.Join(", ", others)}, or give the whole Tool item its Version (and Url) to override the set.",
                    projectFile);
            }
            if (!fromSets.Add(name))
                throw new EnvException(EnvCode.ENV0054, $"Tool '{name}' is taken from a tool set twice; keep one Tool item.", projectFile);
            var (optional, platforms) = ToolSpecParser.ParseAvailability(name, metadata, projectFile);
            specs.AddRange(Definitions(name, named, sets, projectFile).Select(d => d with { Optional = optional ?? d.Optional, Platforms = platforms ?? d.Platforms }));
        }
        // A tool from a set is all of that set's items: another Tool item of the same name would mix two sources.
        var mixed = specs.FirstOrDefault(s => fromSets.Contains(s.Name) && string.Equals(s.DeclaredIn, projectFile, StringComparison.Ordinal));
        if (mixed is not null)
        {
            throw new EnvException(EnvCode.ENV0054,
                $"Tool '{mixed.Name}' is taken from a tool set and also written out in a Tool item of its own. Keep one: the set's (<Tool Include=\"{mixed.Name}\" />), or only your own items.",
                projectFile);
        }
        return specs;
    }

    /// <summary>
    /// An item is taken from a set when it names one, or when it gives neither Version nor Url and a set is in use (without
    /// any set, such an item is judged as it always was: ENV0010).
    /// </summary>
    private static bool TakesFromSet(IReadOnlyDictionary<string, string> metadata, bool anySet) =>
        Get(metadata, ToolSetMetadata) is not null
        || (anySet && Get(metadata, "Version") is null && Get(metadata, "Url") is null);

    private static IReadOnlyList<ToolSpec> Definitions(string name, string? named, IReadOnlyList<ToolSet> sets, string projectFile)
    {
        if (named is not null)
        {
            var set = sets.FirstOrDefault(s => string.Equals(s.Name, named, StringComparison.OrdinalIgnoreCase));
            if (set is null)
            {
                throw new EnvException(EnvCode.ENV0052,
                    $"Tool '{name}' names ToolSet=\"{named}\", which this env does not use. Sets in use: {(sets.Count == 0 ? "none (add <Sdk Name=\"SET\" Version=\"…\" /> to env.proj)" : string.Join(", ", sets.Select(s => s.Name)))}.",
                    projectFile);
            }
            var found = set.Find(name);
            if (found.Count == 0)
                throw new EnvException(EnvCode.ENV0055, $"Tool '{name}': tool set {set.Name} ({set.File}) does not define it. It defines: {ToolSetPackage.Offered(set)}.", projectFile);
            return found;
        }
        var defining = sets.Where(s => s.Find(name).Count > 0).ToList();
        if (defining.Count == 0)
        {
            throw new EnvException(EnvCode.ENV0050,
                $"Tool '{name}' has no Version or Url, and no tool set in use defines it. {string.Join(" ", sets.Select(s => $"{s.Name} defines: {ToolSetPackage.Offered(s)}."))} Take one of those, or write the whole Tool item (Version and Url or Package).",
                projectFile);
        }
        if (defining.Count > 1)
        {
            throw new EnvException(EnvCode.ENV0051,
                $"Tool '{name}' is defined by more than one tool set: {string.Join(", ", defining.Select(s => $"{s.Name} ({s.File})"))}. Name the one to use: <Tool Include=\"{name}\" ToolSet=\"{defining[0].Name}\" />.",
                projectFile);
        }
        return defining[0].Find(name);
    }

    private static string? Get(IReadOnlyDictionary<string, string> metadata, string key) =>
        metadata.FirstOrDefault(kv => string.Equals(kv.Key, key, StringComparison.OrdinalIgnoreCase)).Value is { Length: > 0 } v ? v.Trim() : null;
}
