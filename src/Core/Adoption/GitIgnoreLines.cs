namespace Env.Core.Adoption;

/// <summary>
/// The lines <c>dotnet env init</c> adds to the root's .gitignore: the env folder's build output (<c>env/obj/</c>,
/// <c>env/bin/</c>) unless a pattern there already covers it (the .NET template's <c>[Oo]bj/</c>, <c>obj/</c>,
/// <c>**/obj</c>). The shell folder needs no line: <c>.envsdk/</c> holds its own .gitignore.
/// </summary>
public static class GitIgnoreLines
{
    public const long MaxBytes = 1024 * 1024;

    /// <returns>The new text, or null when nothing needs adding.</returns>
    public static string? Add(byte[]? existing, string envFolder)
    {
        var text = existing is null ? "" : System.Text.Encoding.UTF8.GetString(existing);
        var patterns = text.Split('\n').Select(Normalize).Where(p => p.Length > 0).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var missing = new[] { "obj", "bin" }
            .Where(name => !patterns.Contains(name) && !patterns.Contains($"{envFolder}/{name}"))
            .Select(name => $"/{envFolder}/{name}/")
            .ToList();
        if (missing.Count == 0) return null;
        var separator = text.Length == 0 || text.EndsWith('\n') ? "" : "\n";
        return text + separator + "# Env.Sdk (dotnet env init): the env's build output\n" + string.Join("", missing.Select(m => m + "\n"));
    }

    /// <summary>A .gitignore line as a folder name: no comment, negation, leading "/" or "**/", trailing "/"; [Oo] as o.</summary>
    private static string Normalize(string line)
    {
        var p = line.Trim();
        if (p.StartsWith('#') || p.StartsWith('!')) return "";
        p = p.Replace("[Oo]", "o").Replace("[Bb]", "b");
        if (p.StartsWith("**/")) p = p[3..];
        return p.Trim('/');
    }
}
