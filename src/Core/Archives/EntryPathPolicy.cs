using System.Text.RegularExpressions;

namespace Env.Core.Archives;

/// <summary>
/// Turns an entry name as written in the archive into safe relative path components, or refuses it.
/// One policy for tar and zip: names are '/'-separated, relative, and never climb.
/// </summary>
internal static partial class EntryPathPolicy
{
    /// <summary>Marker and metadata files the store writes next to unpacked content start with this; archives may not.</summary>
    public const string ReservedPrefix = ".envsdk-";

    /// <summary>Linux's PATH_MAX (4096, with the terminating NUL): a longer path cannot be opened, only fail as I/O.</summary>
    public const int MaxNameBytes = 4095;

    /// <summary>NAME_MAX of every common file system (ext4, APFS, NTFS): the longest one path component may be.</summary>
    public const int MaxComponentBytes = 255;

    /// <summary>
    /// The components of <paramref name="rawName"/>; empty when the entry names the root itself ("./"), which only a
    /// directory may do. "." components are dropped because tars made with <c>tar -C dir .</c> prefix every name with "./".
    /// </summary>
    public static string[] Parse(string rawName, bool isDirectory, ArchiveErrors errors) =>
        Parse(rawName, isDirectory, errors, OperatingSystem.IsWindows());

    /// <param name="windowsRules">Also refuse names Windows would reinterpret; a parameter so tests can check it on Unix.</param>
    internal static string[] Parse(string rawName, bool isDirectory, ArchiveErrors errors, bool windowsRules)
    {
        var name = rawName;
        if (name.Length == 0) throw errors.UnsafePath(rawName, "empty name");
        // Checked first, so nothing longer is split, folded or recorded; and refused as what it is, not as a disk error.
        if (name.Length > MaxNameBytes || System.Text.Encoding.UTF8.GetByteCount(name) > MaxNameBytes)
            throw errors.NameTooLong(rawName, $"{System.Text.Encoding.UTF8.GetByteCount(name)} bytes; a path may have at most {MaxNameBytes}");
        if (name.Contains('\0')) throw errors.UnsafePath(rawName, "NUL character");
        // Backslashes are path separators on Windows: "..\x" climbs there even though it is one odd file name on Unix.
        if (name.Contains('\\')) throw errors.UnsafePath(rawName, "backslash in name");
        if (name[0] == '/') throw errors.UnsafePath(rawName, "absolute path");
        // "C:x" and "C:../x" are drive-relative on Windows and escape whichever folder we join them to.
        if (name.Length >= 2 && name[1] == ':' && char.IsAsciiLetter(name[0])) throw errors.UnsafePath(rawName, "drive letter");

        if (name.EndsWith('/'))
        {
            // A trailing slash marks a directory; on anything else it would be silently dropped by the file system.
            if (!isDirectory) throw errors.UnsafePath(rawName, "trailing slash on a non-directory");
            name = name.TrimEnd('/');
        }

        var parts = new List<string>();
        foreach (var part in name.Split('/'))
        {
            if (part == ".") continue;
            // An empty component ("a//b") is harmless on Unix but unusual enough that it only appears in crafted archives.
            if (part.Length == 0) throw errors.UnsafePath(rawName, "empty path component");
            if (part == "..") throw errors.UnsafePath(rawName, "'..' component");
            if (System.Text.Encoding.UTF8.GetByteCount(part) > MaxComponentBytes)
                throw errors.NameTooLong(rawName, $"a component of {System.Text.Encoding.UTF8.GetByteCount(part)} bytes; a file name may have at most {MaxComponentBytes}");
            if (part.StartsWith(ReservedPrefix, StringComparison.OrdinalIgnoreCase))
                throw errors.UnsafePath(rawName, $"names starting with '{ReservedPrefix}' are reserved for the store");
            if (windowsRules && WindowsProblem(part) is { } why) throw errors.UnsafePath(rawName, why);
            parts.Add(part);
        }
        if (parts.Count == 0 && !isDirectory) throw errors.UnsafePath(rawName, "a file cannot be the root");
        return [.. parts];
    }

    /// <summary>Why Windows would not store <paramref name="part"/> under that exact name, or null when it would.</summary>
    internal static string? WindowsProblem(string part)
    {
        // Windows strips trailing dots and spaces, so "a." and "a" would silently become one file.
        if (part.EndsWith('.') || part.EndsWith(' ')) return "trailing dot or space";
        foreach (var c in part)
        {
            if (c < 32 || "<>:\"|?*".Contains(c)) return $"character U+{(int)c:X4} is not allowed on Windows";
        }
        // Device names stay devices whatever the extension: writing "nul.txt" writes nowhere.
        if (ReservedDeviceName().IsMatch(part)) return "reserved Windows device name";
        return null;
    }

    [GeneratedRegex(@"^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])(\..*)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReservedDeviceName();

    /// <summary>The key two names share when a case-insensitive or normalising file system would see one file.</summary>
    public static string CollisionKey(string relativePath) =>
        relativePath.Normalize(System.Text.NormalizationForm.FormC).ToUpperInvariant();
}
