namespace Env.Core.IO;

/// <summary>
/// The path a file really is at, every link followed (as realpath(3)), so that what is checked is what is read: a path
/// that looks inside a folder may lead out of it through a link at any of its folders, and <c>..</c> after a link goes
/// up from where the link leads, not from where it sits.
/// </summary>
public static class RealPath
{
    /// <summary>As the kernel's limit on links followed in one lookup (ELOOP).</summary>
    public const int MaxLinks = 40;

    /// <summary>
    /// The absolute path with no link in it, or null when some part of it does not exist, a link dangles or links loop.
    /// A relative <paramref name="path"/> is taken from <paramref name="baseDir"/>.
    /// </summary>
    public static string? Of(string path, string baseDir)
    {
        var pending = new List<string>();
        var start = Path.IsPathFullyQualified(path) ? path : Path.Combine(Path.GetFullPath(baseDir), path);
        var resolved = Root(start);
        Push(pending, start[resolved.Length..]);
        var links = 0;
        while (pending.Count > 0)
        {
            var part = pending[^1];
            pending.RemoveAt(pending.Count - 1);
            if (part is "" or ".") continue;
            if (part == "..")
            {
                resolved = Path.GetDirectoryName(resolved) ?? resolved;
                continue;
            }
            var next = Path.Combine(resolved, part);
            var info = new FileInfo(next);
            if (info.LinkTarget is { } target)
            {
                if (++links > MaxLinks) return null;
                if (Path.IsPathRooted(target))
                {
                    resolved = Root(target);
                    target = target[resolved.Length..];
                }
                Push(pending, target);
                continue;
            }
            if (!info.Exists && !Directory.Exists(next)) return null;
            resolved = next;
        }
        return resolved;
    }

    /// <summary>Whether <paramref name="realPath"/> is <paramref name="realFolder"/> or inside it (both already real).</summary>
    public static bool IsInside(string realPath, string realFolder)
    {
        var folder = Path.TrimEndingDirectorySeparator(realFolder);
        if (realPath == folder) return true;
        // The root keeps its separator after trimming (a home of '/', in a container).
        var prefix = folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar;
        return realPath.StartsWith(prefix, StringComparison.Ordinal);
    }

    private static string Root(string path) => Path.GetPathRoot(path) is { Length: > 0 } root ? root : Path.DirectorySeparatorChar.ToString();

    /// <summary>Adds the parts of <paramref name="relative"/> so that its first part is looked up next.</summary>
    private static void Push(List<string> pending, string relative)
    {
        var parts = relative.Split(['/', Path.DirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
        for (var i = parts.Length - 1; i >= 0; i--) pending.Add(parts[i]);
    }
}
