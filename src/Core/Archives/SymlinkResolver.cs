namespace Env.Core.Archives;

/// <summary>
/// Resolves a symlink target lexically, the way the kernel would walk it inside the unpacked tree, following links
/// already placed. Lexical alone is not enough: with <c>x -> .</c>, the target <c>x/x/../..</c> looks like the root but
/// really climbs out, because ".." after a link applies to where the link points.
/// </summary>
internal static class SymlinkResolver
{
    // Same bound as Linux's MAXSYMLINKS: deeper chains are loops or attacks.
    private const int MaxDepth = 40;

    /// <summary>
    /// The components the target resolves to (relative to the root), or null when it climbs above the root,
    /// is absolute, or loops.
    /// </summary>
    /// <param name="folder">The link's own folder, relative to the root.</param>
    /// <param name="symlinkTarget">Returns the target of the symlink at a root-relative path, or null if that path is not a symlink.</param>
    public static List<string>? Resolve(IReadOnlyList<string> folder, string target, Func<string, string?> symlinkTarget) =>
        Resolve(folder, target, symlinkTarget, 0);

    /// <summary>True when a link target has a form we never accept, whatever it resolves to.</summary>
    public static string? FormProblem(string target)
    {
        if (target.Length == 0) return "an empty target";
        if (target.Contains('\0')) return "a NUL character in its target";
        if (target.Contains('\\')) return "a backslash in its target";
        if (target[0] == '/') return "an absolute target";
        if (target.Length >= 2 && target[1] == ':' && char.IsAsciiLetter(target[0])) return "a drive letter in its target";
        return null;
    }

    private static List<string>? Resolve(IReadOnlyList<string> folder, string target, Func<string, string?> symlinkTarget, int depth)
    {
        if (depth > MaxDepth || FormProblem(target) is not null) return null;
        var stack = new List<string>(folder);
        foreach (var part in target.Split('/'))
        {
            if (part.Length == 0 || part == ".") continue;
            if (part == "..")
            {
                if (stack.Count == 0) return null;
                stack.RemoveAt(stack.Count - 1);
                continue;
            }
            stack.Add(part);
            if (symlinkTarget(string.Join('/', stack)) is { } next)
            {
                // Continue from wherever that link leads, so later ".." components climb from the real place.
                var resolved = Resolve(stack[..^1], next, symlinkTarget, depth + 1);
                if (resolved is null) return null;
                stack = resolved;
            }
        }
        return stack;
    }
}
