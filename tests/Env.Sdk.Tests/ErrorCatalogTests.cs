using System.Net;
using System.Text.RegularExpressions;
using Env.Core.Diagnostics;

namespace Env.Sdk.Tests;

/// <summary>
/// docs/errors.md is the one table of codes: <see cref="EnvCode"/> is generated from it, <c>dotnet env help</c> prints it.
/// These keep the three equal, and keep codes out of string literals, where a typo or a reused code goes unseen.
/// </summary>
public sealed partial class ErrorCatalogTests
{
    private static readonly ErrorCatalog Catalog = ErrorCatalog.Parse(File.ReadAllText(Path.Combine(Repo.Root, "docs", "errors.md")));

    [Fact]
    public void Every_EnvCode_member_has_a_row_in_errors_md_and_every_row_a_member()
    {
        var members = Enum.GetValues<EnvCode>().Select(c => c.ToString()).ToHashSet();
        var rows = Catalog.Entries.Select(e => e.Code).ToList();

        Assert.True(rows.Count > 200, $"only {rows.Count} rows found in docs/errors.md; is the parse looking at the tables?");
        Assert.True(rows.Count == rows.Distinct().Count(), "docs/errors.md lists a code twice: " + string.Join(", ", rows.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => g.Key)));
        AssertNone("EnvCode members without a row in docs/errors.md (add the row, or retire the code)", members.Except(rows));
        AssertNone("codes in docs/errors.md without an EnvCode member (add the member to EnvCode.cs, its summary the row's first sentence)", rows.Except(members));
        AssertNone("EnvCode members whose number is not their name", Enum.GetValues<EnvCode>().Where(c => c.ToString() != $"ENV{(int)c:D4}").Select(c => c.ToString()));
    }

    [Fact]
    public void Each_member_summary_is_the_first_sentence_of_its_row()
    {
        var source = File.ReadAllText(Path.Combine(Repo.Root, "src", "Core", "Diagnostics", "EnvCode.cs"));
        var summaries = Summary().Matches(source).ToDictionary(m => m.Groups[2].Value, m => FromXmlDoc(m.Groups[1].Value));

        AssertNone("EnvCode members without a one-line summary", Enum.GetValues<EnvCode>().Select(c => c.ToString()).Where(c => !summaries.ContainsKey(c)));
        AssertNone("EnvCode summaries that differ from errors.md (EnvCode.cs takes the row's first sentence)",
            Catalog.Entries.Where(e => summaries.TryGetValue(e.Code, out var summary) && summary != e.Summary)
                .Select(e => $"{e.Code}: \"{summaries[e.Code]}\" but errors.md says \"{e.Summary}\""));
    }

    [Fact]
    public void No_code_is_a_string_literal_in_the_CSharp_sources()
    {
        var literals = SourceFiles("*.cs")
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, line, i)))
            .Where(x => Literal().IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(Repo.Root, x.f)}:{x.i + 1}: {x.line.Trim()}");
        AssertNone("codes written as strings (write EnvCode.ENVnnnn)", literals);
    }

    [Fact]
    public void Every_code_in_the_targets_is_defined_and_its_text_says_where_to_read_more()
    {
        var elements = SourceFiles("*.targets").Concat(SourceFiles("*.props"))
            .SelectMany(f => TargetError().Matches(File.ReadAllText(f)).Select(m => m.Value).Where(e => TargetCode().IsMatch(e))
                .Select(e => (File: Path.GetFileName(f), Code: TargetCode().Match(e).Groups[1].Value, Text: WebUtility.HtmlDecode(TargetText().Match(e).Groups[1].Value))))
            .ToList();

        Assert.NotEmpty(elements);
        AssertNone("codes in the targets that EnvCode does not define", elements.Where(e => !Enum.TryParse<EnvCode>(e.Code, out _)).Select(e => $"{e.File}: {e.Code}"));
        AssertNone("<Error>/<Warning> texts without the help suffix", elements.Where(e => !e.Text.EndsWith($"(dotnet env help {e.Code})", StringComparison.Ordinal)).Select(e => $"{e.File}: {e.Code}"));
    }

    [Fact]
    public void Every_code_is_raised_somewhere_else_it_is_retired()
    {
        var used = SourceFiles("*.cs").Where(f => Path.GetFileName(f) != "EnvCode.cs")
            .SelectMany(f => Member().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Concat(SourceFiles("*.targets").Concat(SourceFiles("*.props")).SelectMany(f => TargetCode().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value)))
            .ToHashSet();
        AssertNone("codes nothing raises (move them to \"Retired codes — do not reuse\" in errors.md)", Enum.GetValues<EnvCode>().Select(c => c.ToString()).Except(used));
    }

    [Fact]
    public void Retired_codes_are_never_members_again()
    {
        Assert.NotEmpty(Catalog.Retired);
        AssertNone("retired codes that are EnvCode members again (take a new code in your range)", Catalog.Retired.Where(r => Enum.TryParse<EnvCode>(r.Code, out _)).Select(r => r.Code));
        AssertNone("retired codes whose replacement is not a code", Catalog.Retired.Where(r => Catalog.Find(r.Now) is null).Select(r => $"{r.Code} -> {r.Now}"));
    }

    [Fact]
    public void A_coded_line_ends_with_the_command_that_explains_it()
    {
        var e = new EnvException(EnvCode.ENV0104, "Tool 'jq': cannot reach https://example.org/jq.tar.gz.");
        Assert.Equal("ENV0104: Tool 'jq': cannot reach https://example.org/jq.tar.gz. (dotnet env help ENV0104)", e.ToString());
        Assert.Equal("ENV0104", ErrorCatalog.Normalize("env104"));
        Assert.Null(ErrorCatalog.Normalize("ENV12345"));
    }

    private static IEnumerable<string> SourceFiles(string pattern) =>
        Directory.EnumerateFiles(Path.Combine(Repo.Root, "src"), pattern, SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));

    private static void AssertNone(string what, IEnumerable<string> violations)
    {
        var list = violations.Order(StringComparer.Ordinal).ToList();
        Assert.True(list.Count == 0, $"{what}:\n  {string.Join("\n  ", list)}");
    }

    /// <summary>The generator writes <c>`x`</c> as <c>&lt;c&gt;x&lt;/c&gt;</c> and escapes the rest; this reads it back.</summary>
    private static string FromXmlDoc(string doc) => WebUtility.HtmlDecode(doc.Replace("<c>", "`").Replace("</c>", "`"));

    [GeneratedRegex(@"/// <summary>(.*)</summary>\r?\n\s*(ENV\d{4}) = \d+,")]
    private static partial Regex Summary();

    /// <summary>A string literal that starts with a code: <c>"ENV0104"</c>, <c>$"ENV0759: …"</c>.</summary>
    [GeneratedRegex("\"ENV\\d{4}(?!\\d)")]
    private static partial Regex Literal();

    [GeneratedRegex(@"\bEnvCode\.(ENV\d{4})\b")]
    private static partial Regex Member();

    /// <summary>An &lt;Error&gt; or &lt;Warning&gt; element; its attribute values may hold '&gt;' (a Condition).</summary>
    [GeneratedRegex("<(?:Error|Warning)\\b(?:\"[^\"]*\"|[^>\"])*>")]
    private static partial Regex TargetError();

    [GeneratedRegex("\\bText=\"([^\"]*)\"")]
    private static partial Regex TargetText();

    [GeneratedRegex("\\bCode=\"(ENV\\d{4})\"")]
    private static partial Regex TargetCode();
}
