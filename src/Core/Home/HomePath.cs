using Env.Core.Diagnostics;

namespace Env.Core.Home;

/// <summary>
/// The one policy for a path in the home folder that a generation may own (a <c>HomeFile</c>'s Include, a manifest's
/// <c>path</c>): relative, '/'-separated, every segment a plain name. Checked where the path is declared and again where a
/// manifest is read, because a store entry is only as trustworthy as the build that made it.
/// </summary>
public static class HomePath
{
    /// <summary>Linux's PATH_MAX less room for the home folder: a longer path cannot be created anyway.</summary>
    public const int MaxLength = 1024;

    /// <summary>NAME_MAX of every common file system.</summary>
    public const int MaxSegmentBytes = 255;

    /// <summary>Why <paramref name="path"/> cannot be a home file's place, or null when it can.</summary>
    public static string? Refusal(string path)
    {
        if (path.Length == 0) return "it is empty";
        if (path.Length > MaxLength) return $"it is longer than {MaxLength} characters";
        if (path[0] == '/' || System.IO.Path.IsPathRooted(path)) return "it is absolute; give it relative to the home folder";
        if (path.Contains('\\')) return "it holds a '\\'; separate folders with '/'";
        foreach (var c in path)
            if (char.IsControl(c)) return "it holds a control character";
        if (path.EndsWith('/')) return "it ends with '/'; name the file";
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0) return "it holds an empty folder name ('//')";
            if (segment is "." or "..") return "it holds a '.' or '..' folder";
            if (System.Text.Encoding.UTF8.GetByteCount(segment) > MaxSegmentBytes) return $"a name in it is longer than {MaxSegmentBytes} bytes";
        }
        return null;
    }

    /// <summary>The full path of <paramref name="path"/> under <paramref name="homeDir"/>, after <see cref="Refusal"/> said it is fine.</summary>
    public static string Under(string homeDir, string path) =>
        System.IO.Path.Combine(System.IO.Path.TrimEndingDirectorySeparator(homeDir), path.Replace('/', System.IO.Path.DirectorySeparatorChar));

    public static string Printable(string path) => PrintableText.Of(path);
}
