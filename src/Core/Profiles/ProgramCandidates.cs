using Env.Core.Diagnostics;

namespace Env.Core.Profiles;

/// <summary>
/// The files of an unpacked archive or package that look like programs, so that <c>dotnet env add</c> can pick the one
/// obvious command or list the choices: files with the execute bit; where nothing has it (a zip made on Windows, a
/// .nupkg), files named as programs are (no extension, .exe).
/// </summary>
internal static class ProgramCandidates
{
    public const int MaxListed = 20;

    private static readonly string[] NotPrograms =
    [
        ".dll", ".pdb", ".xml", ".json", ".txt", ".md", ".nuspec", ".props", ".targets", ".config", ".so", ".dylib", ".a", ".h",
        ".lib", ".png", ".svg", ".html", ".css", ".js", ".map", ".cs", ".p7s", ".psmdcp", ".rels", ".nupkg", ".1", ".gz",
    ];

    /// <summary>Paths relative to <paramref name="root"/>, with '/', in ordinal order; links that leave the tree are skipped.</summary>
    public static IReadOnlyList<string> In(string root, string? under = null)
    {
        var start = under is null ? root : Path.Combine(root, under);
        if (!Directory.Exists(start)) return [];
        var options = new EnumerationOptions { RecurseSubdirectories = under is null, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true };
        var files = Directory.EnumerateFiles(start, "*", options).ToList();
        var executable = files.Where(ExecutableFile.Is).ToList();
        var chosen = executable.Count > 0
            ? executable
            : files.Where(f => Path.GetExtension(f) is "" or ".exe" && !Path.GetFileName(f).StartsWith('.')).ToList();
        return chosen
            .Where(f => !NotPrograms.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>A list for a message: the first <see cref="MaxListed"/>, and how many more.</summary>
    public static string Describe(IReadOnlyList<string> candidates) =>
        candidates.Count == 0
            ? "none"
            // Archives choose these names: shown so that they cannot forge terminal output.
            : string.Join(", ", candidates.Take(MaxListed).Select(PrintableText.Name)) + (candidates.Count > MaxListed ? $" and {candidates.Count - MaxListed} more" : "");
}
