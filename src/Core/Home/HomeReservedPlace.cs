namespace Env.Core.Home;

/// <summary>
/// A folder Env.Sdk keeps itself (the store, the state folder) as a place in the home, and whether a home file's place is
/// in it or in place of it: such a file would be linked into Env.Sdk's own records. Checked by the build against its
/// folders and by the switch against its own, which may differ.
/// </summary>
public static class HomeReservedPlace
{
    /// <summary><paramref name="dir"/> as a path relative to the home folder, or null when it is not in it.</summary>
    public static string? Of(string homeDir, string dir)
    {
        if (string.IsNullOrEmpty(homeDir) || string.IsNullOrEmpty(dir)) return null;
        var relative = Path.GetRelativePath(Path.GetFullPath(homeDir), Path.GetFullPath(dir)).Replace(Path.DirectorySeparatorChar, '/');
        return relative == "." || relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? null : relative;
    }

    /// <summary>True when the file at <paramref name="path"/> is the reserved <paramref name="place"/>, inside it, or one of its folders.</summary>
    public static bool Overlaps(string path, string place) =>
        path == place || path.StartsWith(place + "/", StringComparison.Ordinal) || place.StartsWith(path + "/", StringComparison.Ordinal);
}
