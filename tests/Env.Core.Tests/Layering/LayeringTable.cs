namespace Env.Core.Tests.Layering;

/// <summary>
/// The table "Which folder may use which" of docs/design.md, read as the test's source of truth: one row per Core
/// folder (and for Tasks, Cli and Launcher), the folders in backticks it may use, <c>—</c> for none.
/// </summary>
internal sealed class LayeringTable
{
    public const string Heading = "### Which folder may use which";

    private LayeringTable(string path, IReadOnlyDictionary<string, IReadOnlySet<string>> rows)
    {
        Path = path;
        Rows = rows;
    }

    public string Path { get; }

    /// <summary>Each row's folder and the folders it may use (its own is always allowed and never listed).</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> Rows { get; }

    public string Where => $"the table \"{Heading[4..]}\" in {Path}";

    public static LayeringTable Read(string designMd)
    {
        var lines = File.ReadAllLines(designMd);
        var start = Array.FindIndex(lines, l => l.Trim() == Heading);
        if (start < 0) throw new InvalidOperationException($"{designMd} has no section \"{Heading}\".");
        var rows = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(start + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')))
        {
            var cells = line.Trim('|').Split('|');
            if (cells.Length < 2) continue;
            var folder = Names(cells[0]).SingleOrDefault();
            if (folder is null) continue; // the header and the separator row
            if (!rows.TryAdd(folder, Names(cells[1]).ToHashSet(StringComparer.Ordinal)))
                throw new InvalidOperationException($"{designMd}: the folder {folder} has two rows in \"{Heading}\".");
        }
        if (rows.Count == 0) throw new InvalidOperationException($"{designMd}: \"{Heading}\" has no table under it.");
        return new LayeringTable(designMd, rows);
    }

    /// <summary>The names written in backticks in a cell, without a trailing slash.</summary>
    private static IEnumerable<string> Names(string cell) =>
        cell.Split('`').Where((_, i) => i % 2 == 1).Select(n => n.TrimEnd('/'));
}
