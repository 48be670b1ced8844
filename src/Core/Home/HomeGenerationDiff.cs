using Env.Core.Diagnostics;
using Env.Core.Shell;

namespace Env.Core.Home;

/// <summary>
/// What differs between two home generations, as <c>nvd diff</c> shows it for Nix: tools added, removed or changed
/// version (from → to), files added, removed or changed (their content, execute bit or mode), variables added, removed
/// or changed. Computed from the two manifests alone, so it is the same for a switch and for
/// <c>dotnet env generations --diff A B</c>. A generation an older Env.Sdk built did not record its tools: that section
/// says it cannot compare them, and the others are compared as usual. The text is stable (each section in the order
/// added, removed, changed, each sorted by name) and short: a section can be cut to its first lines.
/// </summary>
public sealed class HomeGenerationDiff
{
    private readonly List<Section> _sections;

    private HomeGenerationDiff(List<Section> sections) => _sections = sections;

    /// <summary>True when neither the tools, nor the files, nor the variables differ, and none could not be compared.</summary>
    public bool IsEmpty => _sections.All(s => s.Changes.Count == 0 && s.NotCompared is null);

    /// <param name="from">The older side; null for no generation (a first switch), whose every tool, file and variable is added.</param>
    /// <param name="fromName">How a message names <paramref name="from"/> ("generation 3").</param>
    /// <param name="toName">How a message names <paramref name="to"/>.</param>
    public static HomeGenerationDiff Between(HomeManifest? from, HomeManifest to, string fromName = "the previous generation", string toName = "the new generation")
    {
        string? notRecorded = (from is not null && from.Tools is null ? fromName : null) ?? (to.Tools is null ? toName : null);
        var tools = notRecorded is not null
            ? new Section("tools", [], $"not compared: {notRecorded} does not record its tools (an older Env.Sdk built it)")
            : new Section("tools", Compare(
                (from?.Tools ?? []).DistinctBy(t => t.Name).ToDictionary(t => t.Name, t => t.Version, StringComparer.Ordinal),
                to.Tools!.DistinctBy(t => t.Name).ToDictionary(t => t.Name, t => t.Version, StringComparer.Ordinal),
                (name, version) => $"{name} {version}",
                (name, old, now) => $"{name} {old} → {now}"), null);
        var files = new Section("files", Compare(
            (from?.Files ?? []).ToDictionary(f => f.Path, StringComparer.Ordinal),
            to.Files.ToDictionary(f => f.Path, StringComparer.Ordinal),
            (path, _) => $"~/{HomePath.Printable(path)}",
            (path, _, _) => $"~/{HomePath.Printable(path)}",
            (a, b) => a.Sha256 == b.Sha256 && a.Executable == b.Executable && a.Mode == b.Mode), null);
        var variables = new Section("variables", Compare(
            Describe(from?.Variables ?? []),
            Describe(to.Variables),
            (_, text) => text,
            (_, old, now) => $"{old} → {now}"), null);
        return new HomeGenerationDiff([tools, files, variables]);
    }

    /// <summary>The diff as lines: a heading per section that differs, its changes indented below.</summary>
    /// <param name="maxPerSection">At most this many changes per section; the rest is counted on one line.</param>
    public IReadOnlyList<string> Lines(int maxPerSection = int.MaxValue)
    {
        var lines = new List<string>();
        foreach (var s in _sections)
        {
            if (s.NotCompared is { } why)
            {
                lines.Add($"{s.Title}: {why}");
                continue;
            }
            if (s.Changes.Count == 0) continue;
            lines.Add($"{s.Title}:");
            lines.AddRange(s.Changes.Take(maxPerSection).Select(c => "  " + c));
            if (s.Changes.Count > maxPerSection) lines.Add($"  … and {s.Changes.Count - maxPerSection} more");
        }
        return lines;
    }

    private static List<string> Compare<T>(Dictionary<string, T> old, Dictionary<string, T> now,
        Func<string, T, string> one, Func<string, T, T, string> changed, Func<T, T, bool>? same = null)
    {
        same ??= EqualityComparer<T>.Default.Equals;
        var added = now.Keys.Where(k => !old.ContainsKey(k)).Order(StringComparer.Ordinal).Select(k => "+ " + one(k, now[k]));
        var removed = old.Keys.Where(k => !now.ContainsKey(k)).Order(StringComparer.Ordinal).Select(k => "- " + one(k, old[k]));
        var differ = now.Keys.Where(k => old.TryGetValue(k, out var o) && !same(o, now[k])).Order(StringComparer.Ordinal).Select(k => "~ " + changed(k, old[k], now[k]));
        return added.Concat(removed).Concat(differ).ToList();
    }

    /// <summary>Each variable's changes as one text: <c>EDITOR=vim</c>, <c>MANPATH prepend /x, MANPATH append /y</c>, <c>unset PAGER</c>.</summary>
    private static Dictionary<string, string> Describe(IReadOnlyList<EnvVariable> variables) =>
        variables.GroupBy(v => v.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => string.Join(", ", g.Select(v => v.Op switch
        {
            EnvVarOp.Set => $"{v.Name}={PrintableText.Of(v.Value)}",
            EnvVarOp.Prepend => $"{v.Name} prepend {PrintableText.Of(v.Value)}",
            EnvVarOp.Append => $"{v.Name} append {PrintableText.Of(v.Value)}",
            _ => $"unset {v.Name}",
        })), StringComparer.Ordinal);

    /// <param name="NotCompared">Why this section could not be compared, or null.</param>
    private sealed record Section(string Title, List<string> Changes, string? NotCompared);
}
