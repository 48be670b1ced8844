using System.Text.Json;
using System.Text.RegularExpressions;

namespace Env.Core.Tests.Editing;

/// <summary>
/// renovate/env-sdk.json, the Renovate preset for env.proj (docs/bots.md), applied as Renovate applies a regex manager
/// with <c>matchStringsStrategy: recursive</c> (each level's regex over the previous level's match, named groups merged,
/// the last match the text replaced), with .NET's Regex in ECMAScript mode; the patterns stay in the subset RE2 and
/// JavaScript share. Against the repository's own env.proj files and the cases a hand-written env.proj has.
/// </summary>
public sealed class RenovatePresetTests
{
    private sealed record Dep(string DepName, string? PackageName, string CurrentValue, string DepType, string ReplaceString);

    private static readonly JsonElement Manager = LoadManager();

    private static JsonElement LoadManager()
    {
        using var preset = JsonDocument.Parse(File.ReadAllText(RepoFile.Path("renovate", "env-sdk.json")));
        return preset.RootElement.GetProperty("customManagers").EnumerateArray().Single().Clone();
    }

    private static IReadOnlyList<string> MatchStrings => Manager.GetProperty("matchStrings").EnumerateArray().Select(s => s.GetString()!).ToList();

    private static List<Dep> Extract(string content)
    {
        Assert.Equal("recursive", Manager.GetProperty("matchStringsStrategy").GetString());
        var regexes = MatchStrings.Select(s => new Regex(s, RegexOptions.ECMAScript)).ToList();
        var deps = new List<Dep>();
        Recurse(content, 0, new Dictionary<string, string?>());
        return deps;

        void Recurse(string text, int level, Dictionary<string, string?> groups)
        {
            if (level == regexes.Count)
            {
                // createDependency: a field is taken from its template, else from a group that matched.
                if (groups.GetValueOrDefault("depName") is not { Length: > 0 } name || groups.GetValueOrDefault("currentValue") is not { Length: > 0 } value) return;
                deps.Add(new Dep(name, groups.GetValueOrDefault("packageName"), value, Template(Manager.GetProperty("depTypeTemplate").GetString()!, groups), text));
                return;
            }
            var regex = regexes[level];
            foreach (Match m in regex.Matches(text))
            {
                // As JavaScript's match.groups spread over the previous ones: a group that did not take part is undefined.
                var merged = new Dictionary<string, string?>(groups);
                foreach (var g in regex.GetGroupNames().Where(n => !int.TryParse(n, out _)))
                    merged[g] = m.Groups[g].Success ? m.Groups[g].Value : null;
                Recurse(m.Value, level + 1, merged);
            }
        }
    }

    /// <summary>The one Handlebars form the preset uses: <c>{{#if x}}A{{else}}B{{/if}}</c>.</summary>
    private static string Template(string template, Dictionary<string, string?> groups)
    {
        var m = Regex.Match(template, @"^\{\{#if (\w+)\}\}([^{]*)\{\{else\}\}([^{]*)\{\{/if\}\}$");
        Assert.True(m.Success, template);
        return groups.GetValueOrDefault(m.Groups[1].Value) is { Length: > 0 } ? m.Groups[2].Value : m.Groups[3].Value;
    }

    /// <summary>
    /// Renovate's autoReplace: the dep's replaceString with every currentValue in it replaced, tried at each place the
    /// replaceString occurs until extracting the result again shows that dep (by index) with the new value.
    /// </summary>
    private static string Replace(string content, int depIndex, string newValue)
    {
        var dep = Extract(content)[depIndex];
        var replacement = dep.ReplaceString.Replace(dep.CurrentValue, newValue, StringComparison.Ordinal);
        for (var at = content.IndexOf(dep.ReplaceString, StringComparison.Ordinal); at >= 0; at = content.IndexOf(dep.ReplaceString, at + 1, StringComparison.Ordinal))
        {
            var candidate = string.Concat(content.AsSpan(0, at), replacement, content.AsSpan(at + dep.ReplaceString.Length));
            var again = Extract(candidate);
            if (again.Count > depIndex && again[depIndex].DepName == dep.DepName && again[depIndex].CurrentValue == newValue) return candidate;
        }
        throw new InvalidOperationException("Renovate would fail this update (WORKER_FILE_UPDATE_FAILED).");
    }

    [Fact]
    public void The_patterns_stay_in_what_RE2_and_JavaScript_share()
    {
        foreach (var pattern in MatchStrings)
        {
            // RE2 has no lookaround, no backreference, no atomic group; JavaScript no inline flag or possessive quantifier.
            foreach (var unsupported in new[] { "(?=", "(?!", "(?<=", "(?<!", "(?>", "(?i", "(?s", "(?m", "\\k<", "*+", "++", "?+" })
                Assert.DoesNotContain(unsupported, pattern);
            Assert.DoesNotMatch(@"\\[1-9]", pattern);
            // Named groups only as (?<name>…), which both spell so.
            Assert.DoesNotContain("(?P<", pattern);
        }
        Assert.Equal("nuget", Manager.GetProperty("datasourceTemplate").GetString());
        Assert.Equal(["/(^|/)env\\.proj$/"], Manager.GetProperty("managerFilePatterns").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public void The_sample_env_proj_gives_each_package_tool_with_its_package_id()
    {
        var deps = Extract(File.ReadAllText(RepoFile.Path("samples", "hello", "env.proj")));
        Assert.Equal(
            [("csharpier", null, "1.3.0"), ("protoc", "Google.Protobuf.Tools", "3.36.1"), ("protoc", "Google.Protobuf.Tools", "3.36.1"), ("protoc", "Google.Protobuf.Tools", "3.36.1")],
            deps.Select(d => (d.DepName, d.PackageName, d.CurrentValue)));
        Assert.All(deps, d => Assert.Equal("env-tool", d.DepType));
        Assert.All(deps, d => Assert.Equal($"Version=\"{d.CurrentValue}\"", d.ReplaceString.Trim()));
    }

    [Fact]
    public void The_templates_give_their_tool_and_a_tool_in_a_comment_is_not_one()
    {
        var devenv = Extract(File.ReadAllText(RepoFile.Path("templates", "devenv", "env", "env.proj")));
        Assert.Equal([("csharpier", "1.3.0")], devenv.Select(d => (d.DepName, d.CurrentValue)));
        // The home template shows a Tool item inside a comment: no dependency.
        var home = File.ReadAllText(RepoFile.Path("templates", "homeenv", "env.proj"));
        Assert.Contains("<Tool Include=\"csharpier\" Version=\"1.3.0\" />", home);
        Assert.Empty(Extract(home));
    }

    [Fact]
    public void Attributes_in_any_order_either_quote_and_over_several_lines_are_read()
    {
        var text = "<Project Sdk=\"Env.Sdk/0.1.0\">\r\n  <ItemGroup>\r\n" +
            "    <Tool Version='9.0.2' Include='paket' Package='Paket' />\r\n" +
            "    <Tool Package=\"Google.Protobuf.Tools\"\r\n          Include=\"protoc\"\r\n          Rid=\"linux-x64\"\r\n          Version=\"3.36.1\"\r\n          Bin=\"tools/linux_x64/protoc\" />\r\n" +
            "    <Tool\tInclude = \"dotnet-ef\"\tVersion = \"9.0.1\" ></Tool>\r\n" +
            "    <Tool Include=\"rg\" Url=\"https://example.org/ripgrep-14.1.1.tar.gz\" Hash=\"sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\" Version=\"14.1.1\" />\r\n" +
            "  </ItemGroup>\r\n</Project>\r\n";
        var deps = Extract(text);
        Assert.Equal(
            [("paket", "Paket", "9.0.2", "env-tool"), ("protoc", "Google.Protobuf.Tools", "3.36.1", "env-tool"), ("dotnet-ef", null, "9.0.1", "env-tool"), ("rg", null, "14.1.1", "env-archive")],
            deps.Select(d => (d.DepName, d.PackageName, d.CurrentValue, d.DepType)));
    }

    [Fact]
    public void What_is_no_literal_package_tool_gives_no_dependency()
    {
        var text = """
            <Project Sdk="Env.Sdk/0.1.0">
              <ItemGroup>
                <!-- <Tool Include="old" Version="1.0.0" /> -->
                <!--
                  <Tool Include="older" Version="0.9.0" />
                -->
                <Tool Include="$(MyTool)" Version="1.0.0" />
                <Tool Include="a;b" Version="1.0.0" />
                <Tool Include="versioned" Version="$(ToolVersion)" />
                <Tool Include="protoc" />
                <Tool Include="child">
                  <Version>1.0.0</Version>
                </Tool>
                <Tools Include="plural" Version="1.0.0" />
                <ToolDefinition Include="defined" Version="1.0.0" />
                <EnvVar Include="TOOL_VERSION" Value="1.0.0" />
              </ItemGroup>
            </Project>
            """;
        Assert.Empty(Extract(text));
    }

    [Fact]
    public void An_upgrade_replaces_that_items_version_and_nothing_else()
    {
        var sample = File.ReadAllText(RepoFile.Path("samples", "hello", "env.proj"));
        // The three protoc items have the same version text: the second one's upgrade changes only the second.
        var upgraded = Replace(sample, 2, "3.37.0");
        var lines = sample.Split('\n');
        var after = upgraded.Split('\n');
        var changed = Enumerable.Range(0, lines.Length).Where(i => lines[i] != after[i]).ToList();
        var index = Assert.Single(changed);
        Assert.Equal(lines[index].Replace("Version=\"3.36.1\"", "Version=\"3.37.0\""), after[index]);
        Assert.Contains("Rid=\"osx\"", after[index]);

        // A version that also occurs elsewhere in the tag (a Bin path) is replaced only in Version.
        var text = "<Project>\n  <ItemGroup>\n    <Tool Include=\"x\" Package=\"X.Tool\" Version=\"1.0.0\" Bin=\"tools/1.0.0/x\" />\n  </ItemGroup>\n</Project>\n";
        Assert.Equal(text.Replace("Version=\"1.0.0\"", "Version=\"1.1.0\""), Replace(text, 0, "1.1.0"));
    }
}
