using System.Security.Cryptography;

namespace Env.Core.Home;

/// <summary>What is at a home file's place now, as a switch judges it.</summary>
public enum HomeTargetKind
{
    Absent,

    /// <summary>A link through the fixed link <c>home/files</c>, or (the layout before) into some generation's <c>files/</c>: ours to replace or remove.</summary>
    GenerationLink,

    /// <summary>A regular file with exactly the content a generation copied there (<c>Mode="Copy"</c>, not edited since): ours.</summary>
    OurCopy,

    /// <summary>Anything else that is a file or a link: the user's. Never replaced or removed without <c>-b</c>.</summary>
    UserFile,

    /// <summary>A folder (or a link to one that is not ours): the user's.</summary>
    Folder,
}

/// <summary>Judges one place in the home, reading the file system without following a link at the place itself.</summary>
public static class HomeTarget
{
    /// <param name="copyHashes">The SHA-256 (hex) of each copy a known generation put at this place: a file with one of them is ours.</param>
    public static HomeTargetKind Classify(string fullPath, HomeLinks links, IEnumerable<HomeFileEntry> knownEntries)
    {
        var info = new FileInfo(fullPath);
        if (info.LinkTarget is { } target)
            return links.IsOurs(target) ? HomeTargetKind.GenerationLink : HomeTargetKind.UserFile;
        if (Directory.Exists(fullPath)) return HomeTargetKind.Folder;
        if (!info.Exists) return HomeTargetKind.Absent;
        foreach (var entry in knownEntries)
        {
            if (entry.Mode == HomeFileMode.Copy && entry.Size == info.Length && HashOf(fullPath) == entry.Sha256)
                return HomeTargetKind.OurCopy;
        }
        return HomeTargetKind.UserFile;
    }

    /// <summary>
    /// True when the place already holds what <paramref name="entry"/> puts there: its link through the fixed link (which
    /// the switch points at the generation), or its copy. A link of the layout before is not in place: a switch migrates it.
    /// </summary>
    public static bool IsInPlace(string fullPath, HomeLinks links, HomeFileEntry entry)
    {
        var info = new FileInfo(fullPath);
        if (entry.Mode == HomeFileMode.Link)
            return info.LinkTarget == links.For(entry.Path);
        return IsCopyInPlace(info, entry);
    }

    /// <summary>A link of the layout before issue 18 straight to <paramref name="entry"/>'s file in the generation at <paramref name="entryPath"/> (uninstall counts it as the generation's).</summary>
    public static bool IsLegacyLink(string fullPath, string entryPath, HomeFileEntry entry) =>
        entry.Mode == HomeFileMode.Link && new FileInfo(fullPath).LinkTarget == HomeGeneration.FilePath(entryPath, entry.Path);

    private static bool IsCopyInPlace(FileInfo info, HomeFileEntry entry)
    {
        var fullPath = info.FullName;
        if (info.LinkTarget is not null || !info.Exists || info.Length != entry.Size) return false;
        if (!OperatingSystem.IsWindows() && ((info.UnixFileMode & UnixFileMode.UserExecute) != 0) != entry.Executable) return false;
        return HashOf(fullPath) == entry.Sha256;
    }

    /// <summary>
    /// True when the real folder at <paramref name="fullPath"/> (place <paramref name="relativePath"/>) holds at least one
    /// file and nothing but files for which <paramref name="ours"/> is true, and folders that hold only such: a folder a
    /// generation made, which goes when they go. Bounded: it stops at the first entry that is not ours.
    /// </summary>
    public static bool HoldsOnly(string fullPath, string relativePath, Func<string, bool> ours)
    {
        var any = false;
        return new FileInfo(fullPath).LinkTarget is null && Directory.Exists(fullPath) && Walk(fullPath, relativePath) && any;

        bool Walk(string folder, string place)
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(folder))
            {
                var child = place + "/" + Path.GetFileName(entry);
                if (new FileInfo(entry).LinkTarget is null && Directory.Exists(entry))
                {
                    if (!Walk(entry, child)) return false;
                }
                else if (ours(child))
                {
                    any = true;
                }
                else
                {
                    return false;
                }
            }
            return true;
        }
    }

    public static string HashOf(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>
    /// True when a copy at a place that the user edited is left as edited: the old generation wrote a copy there and the new
    /// one writes the same content again. Only a change in the configuration makes an edited copy a collision.
    /// </summary>
    public static bool KeepsEdits(HomeFileEntry? old, HomeFileEntry wanted) =>
        old is { Mode: HomeFileMode.Copy } && wanted.Mode == HomeFileMode.Copy && old.Sha256 == wanted.Sha256;
}
