using System.Text.RegularExpressions;

namespace Env.Core.Diagnostics;

/// <summary>
/// docs/errors.md read as data: the rows of its code tables (code, meaning, what to do, under which heading) and of its
/// "Retired codes" table. The page is the one table of codes: <c>dotnet env help</c> prints from it (the CLI carries it),
/// and <see cref="EnvCode"/>'s members and summaries are made from it. Plain string work, no reflection: the
/// Native AOT tool parses it when asked.
/// </summary>
public sealed partial class ErrorCatalog
{
    /// <summary>One code's row.</summary>
    /// <param name="Section">The heading the row is under, e.g. "ENV01xx — downloads".</param>
    public sealed record Entry(string Code, string Section, string Meaning, string WhatToDo)
    {
        /// <summary>The one-line summary: the Meaning's first sentence (also <see cref="EnvCode"/>'s member's summary).</summary>
        public string Summary => FirstSentence(Meaning);
    }

    /// <summary>A code no longer raised, and what took its place.</summary>
    public sealed record RetiredEntry(string Code, string Was, string Now);

    private ErrorCatalog(IReadOnlyList<Entry> entries, IReadOnlyList<RetiredEntry> retired)
    {
        Entries = entries;
        Retired = retired;
    }

    /// <summary>The live codes, in the page's order.</summary>
    public IReadOnlyList<Entry> Entries { get; }

    public IReadOnlyList<RetiredEntry> Retired { get; }

    public static ErrorCatalog Parse(string markdown)
    {
        var entries = new List<Entry>();
        var retired = new List<RetiredEntry>();
        var section = "";
        var inRetired = false;
        foreach (var raw in markdown.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith('#'))
            {
                section = line.TrimStart('#').Trim();
                inRetired = section.StartsWith("Retired codes", StringComparison.OrdinalIgnoreCase);
                continue;
            }
            var row = Row().Match(line);
            if (!row.Success) continue;
            if (inRetired) retired.Add(new RetiredEntry(row.Groups[1].Value, row.Groups[2].Value, row.Groups[3].Value));
            else entries.Add(new Entry(row.Groups[1].Value, section, row.Groups[2].Value, row.Groups[3].Value));
        }
        return new ErrorCatalog(entries, retired);
    }

    public Entry? Find(string code) => Entries.FirstOrDefault(e => e.Code == code);

    public RetiredEntry? FindRetired(string code) => Retired.FirstOrDefault(e => e.Code == code);

    /// <summary>
    /// <c>ENV0104</c> as the user may type it (<c>env0104</c>, <c>0104</c>, <c>104</c>), or null when it is no code's shape.
    /// </summary>
    public static string? Normalize(string text)
    {
        var m = Typed().Match(text.Trim());
        return m.Success ? "ENV" + int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture).ToString("D4", System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    /// <summary>
    /// The first sentence of a Meaning cell: up to the first '.' followed by a space and a capital letter, a backtick or a
    /// parenthesis, outside backticks and brackets; markdown links reduced to their text.
    /// </summary>
    public static string FirstSentence(string meaning)
    {
        var text = Link().Replace(meaning, "$1").Trim();
        var (depth, tick) = (0, false);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '`') tick = !tick;
            else if (tick) continue;
            else if (c is '(' or '[') depth++;
            else if (c is ')' or ']') depth = Math.Max(0, depth - 1);
            else if (depth == 0 && c == '.' && i + 2 < text.Length && text[i + 1] == ' ' && (char.IsAsciiLetterUpper(text[i + 2]) || text[i + 2] is '`' or '('))
                return text[..(i + 1)];
        }
        return text;
    }

    [GeneratedRegex(@"^\| (ENV\d{4}) \| (.*?) \| (.*?) \|\s*$")]
    private static partial Regex Row();

    [GeneratedRegex(@"^(?:ENV)?(\d{1,4})$", RegexOptions.IgnoreCase)]
    private static partial Regex Typed();

    [GeneratedRegex(@"\[([^\]]+)\]\([^)]+\)")]
    private static partial Regex Link();
}
