namespace Env.Core.Archives;

/// <summary>
/// Resolves a symlink target lexically, the way the kernel would walk it inside the unpacked tree, following links
/// already placed. Lexical alone is not enough: with <c>x -> .</c>, the target <c>x/x/../..</c> looks like the root but
/// really climbs out, because ".." after a link applies to where the link points.
/// </summary>
/// <remarks>
/// Links naming each other several times over (<c>l0 -> l1/l1/l1/l1</c>, <c>l1 -> l2/l2/l2/l2</c>, …) make a naive walk
/// exponential. So, as the kernel does, one lookup may follow at most <see cref="MaxFollowsPerLookup"/> links in total,
/// however they nest (more is ELOOP: such a link could never be used on disk anyway); each link's resolution is
/// memoised, so a link named many times is walked once; and every step is charged to the archive's
/// <see cref="LinkWalkBudget"/>. One resolver serves one shape of the tree: a new link can change what others resolve
/// to, so the tree makes a new resolver after adding one.
/// </remarks>
/// <param name="symlinkTarget">The target of the symlink at a root-relative path, or null if that path is not a symlink.</param>
/// <param name="exists">Whether anything (file, directory, link) is at a root-relative path.</param>
internal sealed class SymlinkResolver(Func<string, string?> symlinkTarget, Func<string, bool> exists, LinkWalkBudget budget)
{
    /// <summary>Linux's MAXSYMLINKS: the most links one path lookup may follow, nested or one after another.</summary>
    public const int MaxFollowsPerLookup = 40;

    /// <summary>Linux's PATH_MAX.</summary>
    private const int MaxTargetLength = 4096;

    public enum Outcome { Inside, Escapes, Loops, TooManyFollows }

    /// <param name="Parts">Where the link leads, relative to the root, when <see cref="Outcome.Inside"/>.</param>
    /// <param name="Follows">Links followed to get there, this one included.</param>
    private sealed record Resolved(Outcome Outcome, string[] Parts, int Follows);

    private readonly Dictionary<string, Resolved> _memo = new(StringComparer.Ordinal);
    private readonly HashSet<string> _inProgress = new(StringComparer.Ordinal);

    /// <summary>What <paramref name="target"/>, written in a link in <paramref name="folder"/>, resolves to.</summary>
    /// <param name="entry">The entry being checked, named if the budget runs out.</param>
    /// <param name="folder">The link's own folder, relative to the root.</param>
    public Outcome Resolve(string entry, IReadOnlyList<string> folder, string target)
    {
        // Using the link follows it once before its target is walked, as the kernel counts.
        var follows = 1;
        return Walk(entry, [.. folder], target, ref follows).Outcome;
    }

    /// <summary>True when a link target has a form we never accept, whatever it resolves to.</summary>
    public static string? FormProblem(string target)
    {
        if (target.Length == 0) return "an empty target";
        // The kernel refuses to create a link with a target of PATH_MAX or more (ENAMETOOLONG).
        if (target.Length >= MaxTargetLength) return $"a target longer than {MaxTargetLength - 1} characters";
        if (target.Contains('\0')) return "a NUL character in its target";
        if (target.Contains('\\')) return "a backslash in its target";
        if (target[0] == '/') return "an absolute target";
        if (target.Length >= 2 && target[1] == ':' && char.IsAsciiLetter(target[0])) return "a drive letter in its target";
        return null;
    }

    private (Outcome Outcome, List<string> Stack) Walk(string entry, List<string> stack, string target, ref int follows)
    {
        if (FormProblem(target) is not null) return (Outcome.Escapes, stack);
        // Below a path that does not exist there can be no link, so deeper components need no lookup; this keeps
        // a target of thousands of made-up components from costing a lookup (a join of the whole path) each.
        var missingFrom = -1;
        foreach (var part in target.Split('/'))
        {
            budget.Spend(1, entry);
            if (part.Length == 0 || part == ".") continue;
            if (part == "..")
            {
                if (stack.Count == 0) return (Outcome.Escapes, stack);
                stack.RemoveAt(stack.Count - 1);
                if (stack.Count <= missingFrom) missingFrom = -1;
                continue;
            }
            stack.Add(part);
            if (missingFrom >= 0) continue;
            // Joining and hashing the path costs its length: charge that, so deep paths cannot make steps expensive.
            budget.Spend(stack.Count, entry);
            var key = string.Join('/', stack);
            if (symlinkTarget(key) is not { } next)
            {
                if (!exists(key)) missingFrom = stack.Count - 1;
                continue;
            }
            // Continue from wherever that link leads, so later ".." components climb from the real place.
            var link = ResolveLink(entry, key, stack[..^1], next);
            if (link.Outcome != Outcome.Inside) return (link.Outcome, stack);
            follows += link.Follows;
            if (follows > MaxFollowsPerLookup) return (Outcome.TooManyFollows, stack);
            stack = [.. link.Parts];
        }
        return (Outcome.Inside, stack);
    }

    private Resolved ResolveLink(string entry, string key, List<string> folder, string target)
    {
        if (_memo.TryGetValue(key, out var known)) return known;
        // Needing a link while resolving that same link can never end.
        if (!_inProgress.Add(key)) return new Resolved(Outcome.Loops, [], 0);
        var follows = 1;
        var (outcome, stack) = Walk(entry, folder, target, ref follows);
        _inProgress.Remove(key);
        var resolved = new Resolved(outcome, [.. stack], follows);
        _memo[key] = resolved;
        return resolved;
    }
}
