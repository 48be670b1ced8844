using System.Text.RegularExpressions;

namespace Env.Core.Tests;

/// <summary>
/// Core's folders form a one-way graph (docs/design.md): a folder may use the ones below it, never one that uses
/// it back, so each layer can be used and tested alone, by the MSBuild tasks and the CLI alike.
/// </summary>
public sealed partial class LayeringTests
{
    [Fact]
    public void Core_folders_import_each_other_one_way_only()
    {
        var core = Path.Combine(RepoRoot(), "src", "Core");
        var graph = Directory.EnumerateDirectories(core)
            .Select(Path.GetFileName)
            .Where(d => d is not ("bin" or "obj"))
            .ToDictionary(d => d!, d => Directory.EnumerateFiles(Path.Combine(core, d!), "*.cs")
                .SelectMany(f => UsingCore().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
                .Where(u => u != d)
                .ToHashSet());
        Assert.Contains("Platforms", graph.Keys);
        Assert.Contains("Model", graph.Keys);

        var cycles = new List<string>();
        foreach (var start in graph.Keys)
        {
            // Depth-first from each folder: reaching it again is a cycle.
            var stack = new Stack<(string Node, string Path)>(graph[start].Where(graph.ContainsKey).Select(n => (n, $"{start} → {n}")));
            var seen = new HashSet<string>();
            while (stack.Count > 0)
            {
                var (node, path) = stack.Pop();
                if (node == start) { cycles.Add(path); break; }
                if (!seen.Add(node)) continue;
                foreach (var next in graph[node].Where(graph.ContainsKey)) stack.Push((next, $"{path} → {next}"));
            }
        }
        Assert.True(cycles.Count == 0, "Core folders that import each other: " + string.Join("; ", cycles));
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Env.Sdk.sln"))) return dir.FullName;
        throw new InvalidOperationException("Env.Sdk.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^using Env\.Core\.(\w+);", RegexOptions.Multiline)]
    private static partial Regex UsingCore();
}
