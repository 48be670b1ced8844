using System.Text.RegularExpressions;

namespace Env.Core.Tests.Layering;

/// <summary>
/// docs/design.md names types by folder (<c>`Profiles/ShellQuote`</c>) and lists each subsystem's entry type; these
/// tests keep those names true when a type moves or is renamed, as <see cref="LayeringTests"/> keeps the table true.
/// </summary>
public sealed partial class DesignDocTests
{
    [Fact]
    public void Every_type_named_with_its_folder_is_in_that_folder()
    {
        var root = RepoRoot();
        var wrong = FolderTypes().Matches(File.ReadAllText(Design(root)))
            .Select(m => (Folder: m.Groups[1].Value, Type: m.Groups[2].Value))
            .Distinct()
            .Where(t => SourceFile(root, t.Folder, t.Type) is null)
            .Select(t => $"`{t.Folder}/{t.Type}`: no {t.Type}.cs in {t.Folder}/")
            .ToList();
        Assert.True(wrong.Count == 0, "docs/design.md names types where they are not (moved or renamed? fix the text):\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void Every_subsystem_entry_type_has_a_header_with_its_promise_phases_and_failure_rule()
    {
        var root = RepoRoot();
        var lines = File.ReadAllLines(Design(root));
        var start = Array.FindIndex(lines, l => l.Trim() == "## Subsystems");
        Assert.True(start >= 0, "docs/design.md has no \"## Subsystems\" section.");
        var rows = lines.Skip(start + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|'))
            .Select(l => l.Trim('|').Split('|'))
            .Where(c => c.Length >= 4 && FolderTypes().Match(c[1]) is { Success: true })
            .Select(c => FolderTypes().Match(c[1]))
            .ToList();
        Assert.True(rows.Count >= 10, $"docs/design.md's Subsystems table has {rows.Count} rows with an entry type written as `Folder/Type`.");
        var wrong = new List<string>();
        foreach (var m in rows)
        {
            var file = SourceFile(root, m.Groups[1].Value, m.Groups[2].Value);
            if (file is null) { wrong.Add($"{m.Value}: no such file"); continue; }
            // The header is the doc comment right above the type's declaration.
            var text = File.ReadAllText(file);
            var declaration = Regex.Match(text, $@"^(?:public|internal)[\w ]* (?:class|record|struct) {m.Groups[2].Value}\b", RegexOptions.Multiline);
            var header = declaration.Success ? HeaderAbove(text[..declaration.Index]) : "";
            if (header.Split('\n').Length < 4) wrong.Add($"{m.Value}: no header comment of a few lines above its declaration");
        }
        Assert.True(wrong.Count == 0, "Each subsystem's entry type says its promise, phases and failure rule in its header (as HomeSwitcher's):\n" + string.Join("\n", wrong));
    }

    private static string HeaderAbove(string before) =>
        string.Join('\n', before.TrimEnd().Split('\n').Reverse().TakeWhile(l => l.TrimStart().StartsWith("///", StringComparison.Ordinal)));

    /// <summary>src/Core/FOLDER/TYPE.cs, or src/FOLDER/TYPE.cs for Tasks, Cli and Launcher; null when neither exists.</summary>
    private static string? SourceFile(string root, string folder, string type) =>
        new[] { Path.Combine(root, "src", "Core", folder, type + ".cs"), Path.Combine(root, "src", folder, type + ".cs") }
            .FirstOrDefault(File.Exists);

    private static string Design(string root) => Path.Combine(root, "docs", "design.md");

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Env.Sdk.sln"))) return dir.FullName;
        throw new InvalidOperationException("Env.Sdk.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>`Folder/Type` in backticks: a capitalised folder, a slash, a capitalised name, nothing else.</summary>
    [GeneratedRegex(@"`([A-Z][A-Za-z]+)/([A-Z][A-Za-z0-9]+)`")]
    private static partial Regex FolderTypes();
}
