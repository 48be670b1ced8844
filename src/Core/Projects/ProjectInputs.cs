using System.Xml;

namespace Env.Core.Projects;

/// <summary>
/// The files an env is built from, as far as they can be known without MSBuild: the project and the files it imports
/// by a literal path (followed recursively). <c>dotnet env</c> hashes them to tell, without starting MSBuild, whether
/// the dev shell on disk still matches them; direnv watches them.
/// </summary>
/// <remarks>
/// An import whose path needs any other property, or a wildcard, cannot be resolved here and is not followed: its
/// changes reach the env on the next <c>dotnet build</c>, which MSBuild makes incremental by the newest import anyway.
/// </remarks>
public static class ProjectInputs
{
    /// <summary>More than any real env needs; an import cycle or a generated maze of imports stops here.</summary>
    public const int MaxFiles = 64;

    public static IReadOnlyList<string> Of(string projectFile)
    {
        var project = Path.GetFullPath(projectFile);
        var found = new List<string> { project };
        var seen = new HashSet<string>(StringComparer.Ordinal) { project };
        var pending = new Queue<string>([project]);
        while (pending.Count > 0 && found.Count < MaxFiles)
        {
            var file = pending.Dequeue();
            foreach (var import in LiteralImports(file, Path.GetDirectoryName(project)!))
            {
                if (found.Count >= MaxFiles) break;
                if (!File.Exists(import) || !seen.Add(import)) continue;
                found.Add(import);
                pending.Enqueue(import);
            }
        }
        return found;
    }

    private static IEnumerable<string> LiteralImports(string file, string projectDirectory)
    {
        var directory = Path.GetDirectoryName(file)!;
        var imports = new List<string>();
        try
        {
            using var reader = XmlReader.Create(file, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true });
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "Import") continue;
                var path = reader.GetAttribute("Project");
                if (string.IsNullOrWhiteSpace(path)) continue;
                path = path.Trim()
                    .Replace("$(MSBuildThisFileDirectory)", directory + Path.DirectorySeparatorChar, StringComparison.OrdinalIgnoreCase)
                    .Replace("$(MSBuildProjectDirectory)", projectDirectory, StringComparison.OrdinalIgnoreCase);
                if (path.Contains("$(", StringComparison.Ordinal) || path.IndexOfAny(['*', '?', ';']) >= 0) continue;
                imports.Add(Path.GetFullPath(path.Replace('\\', Path.DirectorySeparatorChar), directory));
            }
        }
        catch (XmlException)
        {
            // Not ours to judge here: the build reports a broken file with MSBuild's own error.
        }
        catch (IOException)
        {
        }
        return imports;
    }
}
