using System.Text.RegularExpressions;
using Env.Core.Diagnostics;

namespace Env.Core.Tests.Layering;

/// <summary>
/// Core's folders form a one-way graph, written down as the table "Which folder may use which" in docs/design.md, so
/// each layer can be used and tested alone, by the MSBuild tasks, the CLI and the launcher alike. These tests hold the
/// code to the table by what the compiler bound (<see cref="AssemblyTypeUses"/>: the types each type's metadata and IL
/// name), not by <c>using</c> lines, which fully qualified names and global usings slip past. A type's folder is its
/// namespace's, and every Core file declares the namespace of its folder.
/// </summary>
public sealed partial class LayeringTests
{
    private const string CorePrefix = "Env.Core.";

    /// <summary>The assemblies over Core, each a row of the table: its project folder and assembly name.</summary>
    private static readonly (string Row, string Project, string Assembly)[] Hosts =
    [
        ("Tasks", "Tasks", "Env.Tasks"),
        ("Cli", "Cli", "dotnet-env"),
        ("Launcher", "Launcher", "dotnet-env-launcher"),
    ];

    [Fact]
    public void Every_Core_file_declares_the_namespace_of_its_folder()
    {
        var core = Path.Combine(RepoRoot(), "src", "Core");
        var wrong = Directory.EnumerateFiles(core, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(core, f))
            .Select(f => (File: Path.GetRelativePath(core, f), Namespaces: FileNamespace().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value).ToList()))
            .Where(f => f.Namespaces.Count == 0 || f.Namespaces.Any(n => n != Expected(f.File)))
            .Select(f => $"src/Core/{f.File}: namespace {(f.Namespaces.Count == 0 ? "(none)" : string.Join(", ", f.Namespaces))}, expected {Expected(f.File)}")
            .ToList();
        Assert.True(wrong.Count == 0,
            "A Core type's folder is read from its namespace (the layering test maps types to folders by it), so each file " +
            "declares the namespace of its folder:\n" + string.Join("\n", wrong));

        static string Expected(string relative) =>
            "Env.Core." + string.Join('.', Path.GetDirectoryName(relative)!.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void The_table_has_a_row_for_every_Core_folder_and_is_one_way()
    {
        var table = Table();
        var folders = CoreFolders();
        var rows = table.Rows.Keys.Except(Hosts.Select(h => h.Row)).ToHashSet();
        var missing = folders.Except(rows).ToList();
        var unknown = rows.Except(folders).Concat(table.Rows.Values.SelectMany(v => v).Except(folders)).Distinct().ToList();
        Assert.True(missing.Count == 0, $"Core folders without a row in {table.Where}: {string.Join(", ", missing)}");
        Assert.True(unknown.Count == 0, $"{table.Where} names folders src/Core does not have: {string.Join(", ", unknown)}");

        var cycles = new List<string>();
        foreach (var start in rows)
        {
            // Depth-first from each folder: reaching it again is a cycle.
            var stack = new Stack<(string Node, string Path)>(table.Rows[start].Select(n => (n, $"{start} → {n}")));
            var seen = new HashSet<string>();
            while (stack.Count > 0)
            {
                var (node, path) = stack.Pop();
                if (node == start) { cycles.Add(path); break; }
                if (!seen.Add(node)) continue;
                foreach (var next in table.Rows[node]) stack.Push((next, $"{path} → {next}"));
            }
        }
        Assert.True(cycles.Count == 0, $"{table.Where} is not one way: " + string.Join("; ", cycles));
    }

    [Fact]
    public void Core_folders_use_exactly_the_folders_the_table_allows()
    {
        var uses = AssemblyTypeUses.Read(typeof(EnvException).Assembly.Location)
            .Where(u => u.User.StartsWith(CorePrefix, StringComparison.Ordinal) && u.Used.StartsWith(CorePrefix, StringComparison.Ordinal))
            .Select(u => (UserFolder: Folder(u.User), u.User, UsedFolder: Folder(u.Used), u.Used))
            .ToList();
        Check(Table(), uses, CoreFolders());
    }

    [Fact]
    public void Tasks_Cli_and_Launcher_use_exactly_the_Core_folders_the_table_allows()
    {
        var (config, tfm) = BuildFlavour();
        var uses = Hosts.SelectMany(h =>
        {
            var path = Path.Combine(RepoRoot(), "src", h.Project, "bin", config, tfm, h.Assembly + ".dll");
            Assert.True(File.Exists(path), $"{path} is not built: build Env.Sdk.sln ({config}) before this test.");
            return AssemblyTypeUses.Read(path)
                .Where(u => u.Used.StartsWith(CorePrefix, StringComparison.Ordinal))
                .Select(u => (UserFolder: h.Row, u.User, UsedFolder: Folder(u.Used), u.Used));
        }).ToList();
        Check(Table(), uses, Hosts.Select(h => h.Row).ToHashSet());
    }

    [Fact]
    public void Core_references_no_MSBuild_and_none_of_its_hosts()
    {
        var references = AssemblyTypeUses.AssemblyReferences(typeof(EnvException).Assembly.Location);
        var wrong = references.Where(r => r.StartsWith("Microsoft.Build", StringComparison.Ordinal) || Hosts.Any(h => h.Assembly == r)).ToList();
        Assert.True(wrong.Count == 0, "Env.Core references " + string.Join(", ", wrong) +
            ": Core has no MSBuild types and never uses Tasks, Cli or the launcher (docs/design.md).");
    }

    /// <summary>
    /// Each use must be allowed by its row (a folder always uses itself), and each allowance used, so the table says
    /// what the code does, not what it once did.
    /// </summary>
    private static void Check(LayeringTable table, IReadOnlyList<(string UserFolder, string User, string UsedFolder, string Used)> uses, IReadOnlySet<string> rows)
    {
        var failures = new List<string>();
        foreach (var row in rows.Order(StringComparer.Ordinal))
        {
            var allowed = table.Rows.TryGetValue(row, out var a) ? a : new HashSet<string>();
            var mine = uses.Where(u => u.UserFolder == row && u.UsedFolder != row).ToList();
            foreach (var group in mine.Where(u => !allowed.Contains(u.UsedFolder)).GroupBy(u => u.UsedFolder).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                failures.Add($"{row} may not use {group.Key}, yet:");
                failures.AddRange(group.OrderBy(u => u.User, StringComparer.Ordinal).ThenBy(u => u.Used, StringComparer.Ordinal)
                    .Select(u => $"  {u.User} ({u.UserFolder}) uses {u.Used} ({u.UsedFolder})"));
            }
            var unused = allowed.Where(f => !mine.Any(u => u.UsedFolder == f)).Order(StringComparer.Ordinal).ToList();
            if (unused.Count > 0)
                failures.Add($"{row} is allowed {string.Join(", ", unused)}, which none of its types uses: take {(unused.Count == 1 ? "it" : "them")} out of its row.");
        }
        Assert.True(failures.Count == 0,
            $"The code and {table.Where} disagree. Move the type to a folder its user may use, or, if the new use is " +
            "the right design, change the table (it must stay one way):\n" + string.Join("\n", failures));
    }

    private static LayeringTable Table() => LayeringTable.Read(Path.Combine(RepoRoot(), "docs", "design.md"));

    /// <summary>A Core type's folder: the namespace segment after <c>Env.Core.</c>.</summary>
    private static string Folder(string typeName)
    {
        var rest = typeName[CorePrefix.Length..];
        var dot = rest.IndexOf('.');
        return dot < 0 ? "(no folder: Env.Core)" : rest[..dot];
    }

    private static HashSet<string> CoreFolders()
    {
        var core = Path.Combine(RepoRoot(), "src", "Core");
        return Directory.EnumerateDirectories(core).Select(Path.GetFileName).Where(d => d is not ("bin" or "obj")).ToHashSet()!;
    }

    private static bool IsBuildOutput(string core, string file)
    {
        var first = Path.GetRelativePath(core, file).Split(Path.DirectorySeparatorChar)[0];
        return first is "bin" or "obj";
    }

    /// <summary>The configuration and target framework this test assembly was built for (…/bin/CONFIG/TFM/).</summary>
    private static (string Config, string Tfm) BuildFlavour()
    {
        var dir = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        return (dir.Parent!.Name, dir.Name);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Env.Sdk.sln"))) return dir.FullName;
        throw new InvalidOperationException("Env.Sdk.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"^namespace\s+([\w.]+)", RegexOptions.Multiline)]
    private static partial Regex FileNamespace();
}
