namespace Env.Core.Home;

/// <summary>
/// realpath(3) in managed code: every link on the way followed, with the kernel's budget of 40 links (ELOOP beyond). What
/// tells whether a folder in the home that is a link stays inside the home.
/// </summary>
public static class RealPath
{
    public const int MaxLinks = 40;

    /// <summary>The physical path of <paramref name="path"/> (absolute); a part that does not exist is kept as written.</summary>
    public static string Of(string path)
    {
        var budget = MaxLinks;
        return Resolve(Path.GetFullPath(path), ref budget);
    }

    private static string Resolve(string path, ref int budget)
    {
        var root = Path.GetPathRoot(path) ?? "/";
        var current = root;
        foreach (var part in path[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next;
                continue;
            }
            if (--budget < 0) throw new IOException($"Too many levels of symbolic links at {next}.");
            current = Resolve(Path.GetFullPath(Path.IsPathRooted(target) ? target : Path.Combine(current, target)), ref budget);
        }
        return current;
    }

    /// <summary>True when <paramref name="physical"/> is <paramref name="folder"/> or inside it (both physical paths).</summary>
    public static bool IsInside(string physical, string folder)
    {
        var f = Path.TrimEndingDirectorySeparator(folder);
        if (physical == f) return true;
        // The root keeps its separator after trimming.
        var prefix = f.EndsWith(Path.DirectorySeparatorChar) ? f : f + Path.DirectorySeparatorChar;
        return physical.StartsWith(prefix, StringComparison.Ordinal);
    }
}
