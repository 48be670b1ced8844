using Env.Core.Diagnostics;
using Env.Core.Profiles;

namespace Env.Core.Run;

/// <summary>
/// <c>#COMMAND</c> of a package that is not a .NET tool: the program of that name inside it. Packages such as
/// Google.Protobuf.Tools carry one build per platform (<c>tools/linux_x64/protoc</c>, <c>tools/macosx_x64/protoc</c>,
/// <c>tools/windows_x64/protoc.exe</c>), so among several files of that name the one whose folders name this platform's
/// operating system and architecture wins; when that does not single one out, the user chooses with <c>--bin</c>.
/// </summary>
public static class PackageProgram
{
    /// <returns>The program's path relative to <paramref name="root"/>, with '/'.</returns>
    public static string Choose(string root, string command, string rid, string package)
    {
        var found = Find(root, command);
        if (found.Count == 1) return found[0];
        if (found.Count > 1)
        {
            var best = found.Select(f => (Path: f, Score: Score(f, rid))).ToList();
            var top = best.Max(b => b.Score);
            var winners = best.Where(b => b.Score == top).ToList();
            if (top >= 2 && winners.Count == 1) return winners[0].Path;
        }
        var programs = ProgramCandidates.In(root);
        throw new EnvException(EnvCode.ENV0753,
            found.Count == 0
                ? $"Package {package} has no program named '{PrintableText.Of(command)}'. Programs in it: {ProgramCandidates.Describe(programs)}. Name one after '#', or give its path with --bin."
                : $"Package {package} has {found.Count} programs named '{PrintableText.Of(command)}' and none is plainly for this platform ({rid}): {ProgramCandidates.Describe(found)}. Choose one with --bin PATH.");
    }

    /// <summary>Every file named <paramref name="command"/> (on Windows also with .exe, .cmd, .bat) in the tree, relative, ordered.</summary>
    public static IReadOnlyList<string> Find(string root, string command)
    {
        var names = OperatingSystem.IsWindows() ? new[] { command, command + ".exe", command + ".cmd", command + ".bat" } : [command];
        var options = new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = true, MatchCasing = MatchCasing.CaseSensitive };
        return Directory.EnumerateFiles(root, "*", options)
            .Where(f => names.Contains(Path.GetFileName(f), StringComparer.Ordinal))
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>One point for the operating system named in the path's folders, one for the architecture.</summary>
    private static int Score(string path, string rid)
    {
        var lower = path.ToLowerInvariant();
        var tokens = lower.Split('/', '_', '-', '.').ToHashSet(StringComparer.Ordinal);
        var dash = rid.IndexOf('-');
        var os = dash < 0 ? rid : rid[..dash];
        var arch = dash < 0 ? "" : rid[(rid.LastIndexOf('-') + 1)..];
        string[] osNames = os switch
        {
            "osx" => ["osx", "macos", "macosx", "darwin", "mac"],
            "win" => ["win", "windows", "win32", "win64"],
            _ => [os],
        };
        var score = osNames.Any(tokens.Contains) ? 1 : 0;
        var x8664 = lower.Contains("x86_64", StringComparison.Ordinal) || lower.Contains("x86-64", StringComparison.Ordinal);
        var archMatch = arch switch
        {
            "x64" => x8664 || tokens.Contains("x64") || tokens.Contains("amd64"),
            "x86" => !x8664 && (tokens.Contains("x86") || tokens.Contains("i386") || tokens.Contains("i686") || tokens.Contains("386")),
            "arm64" => tokens.Contains("arm64") || tokens.Contains("aarch64"),
            _ => arch.Length > 0 && tokens.Contains(arch),
        };
        return score + (archMatch ? 1 : 0);
    }
}
