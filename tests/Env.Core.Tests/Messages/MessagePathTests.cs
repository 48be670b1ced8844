using System.Text.RegularExpressions;

namespace Env.Core.Tests.Messages;

/// <summary>
/// What Env.Sdk says to a user points at what that user has: a user who installed only the tool (or only the SDK
/// package) has no docs/ folder, so no message names one. Every coded line ends with 'dotnet env help ENVnnnn', which
/// the tool carries; a message points there, or at a command, never at a repository path.
/// </summary>
public sealed partial class MessagePathTests
{
    /// <summary>
    /// Text written into generated files as a comment, for a reader of this repository.
    /// </summary>
    private static readonly string[] NotMessages =
    [
        "src/Core/Shell/PosixPromptHook.cs", "src/Core/Shell/FishPromptHook.cs", "src/Core/Shell/PwshPromptHook.cs",
        "src/Core/Shell/DirenvScript.cs", "src/Core/Shell/DotEnvFormat.cs",
    ];

    [Fact]
    public void No_message_or_help_text_names_a_docs_path()
    {
        var root = RepoFile.Path();
        var found = new List<string>();
        foreach (var file in Directory.EnumerateFiles(RepoFile.Path("src"), "*.*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".targets", StringComparison.Ordinal) || f.EndsWith(".props", StringComparison.Ordinal))
                     .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal)))
        {
            var relative = Path.GetRelativePath(root, file);
            if (NotMessages.Contains(relative)) continue;
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i].TrimStart();
                // Comments are for contributors, who have the repository.
                if (line.StartsWith("//", StringComparison.Ordinal) || line.StartsWith("<!--", StringComparison.Ordinal)) continue;
                if (QuotedDocsPath().IsMatch(line)) found.Add($"{relative}:{i + 1}: {line}");
            }
        }
        Assert.True(found.Count == 0, "Messages that point at docs/ (point at 'dotnet env help ENVnnnn' or a command instead):\n" + string.Join("\n", found));

        // The error catalog the tool prints ('dotnet env help') the same.
        var catalog = File.ReadAllLines(RepoFile.Path("docs", "errors.md")).Where(l => l.StartsWith("| ENV", StringComparison.Ordinal) && MarkdownPath().IsMatch(l)).ToList();
        Assert.True(catalog.Count == 0, "errors.md rows ('dotnet env help' prints them) that point at a docs page:\n" + string.Join("\n", catalog));
    }

    /// <summary>docs/… inside a string literal or an MSBuild attribute value.</summary>
    [GeneratedRegex("\"[^\"]*docs/[^\"]*\"")]
    private static partial Regex QuotedDocsPath();

    [GeneratedRegex(@"docs/|\]\([a-z-]+\.md|\b[a-z-]+\.md\b")]
    private static partial Regex MarkdownPath();
}
