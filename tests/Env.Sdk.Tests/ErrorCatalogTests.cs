using System.Text.RegularExpressions;

namespace Env.Sdk.Tests;

/// <summary>docs/errors.md is the user's reference: every code the sources can raise must be in it.</summary>
public sealed class ErrorCatalogTests
{
    [Fact]
    public void Every_error_code_in_the_sources_is_documented()
    {
        var codes = Directory.EnumerateFiles(Path.Combine(Repo.Root, "src"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs") || f.EndsWith(".targets") || f.EndsWith(".props"))
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), "\"(ENV\\d{4})\"").Select(m => m.Groups[1].Value))
            .ToHashSet();
        var documented = Regex.Matches(File.ReadAllText(Path.Combine(Repo.Root, "docs", "errors.md")), @"^\| (ENV\d{4}) \|", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value)
            .ToHashSet();

        Assert.True(codes.Count > 40, $"only {codes.Count} codes found; is the scan looking in the right place?");
        Assert.Empty(codes.Except(documented).Order());
    }
}
