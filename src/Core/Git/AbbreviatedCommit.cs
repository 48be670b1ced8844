using Env.Core.Diagnostics;

namespace Env.Core.Git;

/// <summary>
/// A commit named by the first digits of its hash (what <c>dotnet env generations</c> and <c>git log --oneline</c> print),
/// found as <c>git rev-parse</c> finds it: among the objects of a repository that holds the remote's branches and tags.
/// A server hands out commits only by their whole hash, so the caller fetches those refs first. Several commits that
/// start with the digits, or none, are the user's to settle: a coded error, never a guess.
/// </summary>
internal static class AbbreviatedCommit
{
    /// <summary>Candidates looked at: more than a handful means the digits are far too few anyway.</summary>
    private const int MaxCandidates = 16;

    public static bool IsAbbreviated(string rev) => rev.Length is >= 4 and < 40 && rev.All(char.IsAsciiHexDigit);

    /// <returns>The commit's whole hash.</returns>
    public static string Resolve(string repository, string prefix, string shownUrl)
    {
        // Every object whose name starts with the digits (git needs at least 4); only commits count.
        var listed = GitCommand.Run(repository, "rev-parse", "--disambiguate=" + prefix.ToLowerInvariant());
        var candidates = listed is { ExitCode: 0 }
            ? listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(MaxCandidates + 1).ToList()
            : [];
        var commits = candidates.Take(MaxCandidates).Where(name => GitCommand.Run(repository, "cat-file", "-t", name) is { ExitCode: 0, Output: "commit" }).ToList();
        return commits.Count switch
        {
            1 => commits[0],
            0 => throw new EnvException(EnvCode.ENV0921,
                $"No commit of {shownUrl} (its branches and tags) starts with {prefix}. Check the hash ('dotnet env generations' and 'git log --oneline' print its first digits), or give the whole one.", null),
            _ => throw new EnvException(EnvCode.ENV0921,
                $"--rev {prefix} is ambiguous in {shownUrl}: {(candidates.Count > MaxCandidates ? "many commits" : string.Join(", ", commits))} start with it. Give more of the hash.", null),
        };
    }
}
