using System.Globalization;
using System.Text;
using Env.Core.IO;

namespace Env.Core.Home;

/// <summary>
/// <c>home/in-place</c>: what the home looked like right after the last switch put a generation in place, so that a switch
/// where nothing changed costs one stat per home folder instead of one readlink per place. It records, for the generation
/// entry and the fixed link's target, each folder on the way to a place (the home itself included) and each copy:
/// <code>
/// envsdk-in-place 1
/// entry STORE-ENTRY
/// at NANOSECONDS                         when the stats below were taken
/// d DEVICE INODE CTIME KIND PLACE        a folder on the way ("." is the home); KIND d (folder) or l (a link of the user's)
/// c DEVICE INODE CTIME SIZE PLACE        a Mode="Copy" file
/// </code>
/// Why a folder's status is enough: a link cannot be changed, only removed and made again, and either (as any rename into
/// or out of the folder) changes the folder's ctime; a folder replaced, or a folder on the way made a link, changes its
/// inode. A copy edited changes its own ctime. The ctime is the kernel's, which no program can set back (unlike the
/// mtime). A folder changed since is not trusted: the places in it are read again (one readlink each), and only when one
/// is not in place does the switch make its full plan. A status within <see cref="Racy"/> of the record's time is never
/// trusted (as git's "racily clean" entries): a change in the same clock tick as the stat would not show.
/// Read as hostile (a regular file of at most <see cref="MaxBytes"/>; anything unexpected means "not known in place",
/// which costs only the full check). Linux only (statx, <see cref="FileStatus"/>); elsewhere there is no record.
/// </summary>
internal static class HomeInPlaceRecord
{
    public const int MaxBytes = 16 * 1024 * 1024;

    /// <summary>Statuses this close to the record's time are read again: coarse clocks tick every few milliseconds, some file systems every second.</summary>
    private static readonly long Racy = 2_000_000_000;

    private const string Header = "envsdk-in-place 1";

    /// <summary>The outcome of a check: in place or not, and whether the record should be written again (a folder changed, but every place in it is right).</summary>
    public readonly record struct Check(bool InPlace, bool Refresh);

    /// <summary>Records the home as it is now, right after <paramref name="generation"/> was put in place; on any doubt the record is removed instead.</summary>
    public static void Write(string file, string homeDir, HomeGenerationEntry generation)
    {
        if (!FileStatus.IsSupported)
        {
            File.Delete(file);
            return;
        }
        var at = NowNs();
        var text = new StringBuilder();
        text.Append(Header).Append('\n');
        text.Append("entry ").Append(generation.Path).Append('\n');
        text.Append("at ").Append(at.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var folder in FoldersOnTheWay(generation))
        {
            if (FileStatus.Of(folder.Length == 0 ? homeDir : HomePath.Under(homeDir, folder)) is not { } s || !(s.IsDirectory || s.IsSymbolicLink))
            {
                File.Delete(file);
                return;
            }
            text.Append(CultureInfo.InvariantCulture, $"d {s.Device} {s.Inode} {s.ChangedNs} {(s.IsSymbolicLink ? 'l' : 'd')} {(folder.Length == 0 ? "." : folder)}\n");
        }
        foreach (var copy in generation.Manifest.Files.Where(f => f.Mode == HomeFileMode.Copy))
        {
            if (FileStatus.Of(HomePath.Under(homeDir, copy.Path)) is not { IsRegularFile: true } s)
            {
                File.Delete(file);
                return;
            }
            text.Append(CultureInfo.InvariantCulture, $"c {s.Device} {s.Inode} {s.ChangedNs} {s.Size} {copy.Path}\n");
        }
        AtomicFile.WriteIfChanged(file, text.ToString());
    }

    /// <summary>
    /// True when the home is known to hold <paramref name="generation"/> exactly: the record is for it, the fixed link leads
    /// to its files, no folder on the way was replaced, and the places of each folder that changed are still in place.
    /// False means "not known": the caller makes its full plan.
    /// </summary>
    public static Check Verify(string file, string homeDir, HomeGenerationEntry generation, HomeLinks links, HomeFolders home)
    {
        if (!FileStatus.IsSupported) return default;
        string? text;
        try
        {
            text = StateFile.TryReadText(file, MaxBytes);
        }
        catch (StateFileException)
        {
            return default;
        }
        if (text is null) return default;
        var lines = text.Split('\n');
        if (lines.Length < 4 || lines[0] != Header || lines[1] != "entry " + generation.Path
            || !lines[2].StartsWith("at ", StringComparison.Ordinal) || !long.TryParse(lines[2].AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out var at))
            return default;
        if (new FileInfo(links.FilesLink).LinkTarget != HomeLinks.FilesOf(generation.Path)) return default;

        var changed = new List<string>();
        var copies = new List<string>();
        var folders = 0;
        foreach (var line in lines.AsSpan(3))
        {
            if (line.Length == 0) continue;
            var parts = line.Split(' ', 6);
            if (parts.Length != 6 || !ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var device)
                || !ulong.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var inode)
                || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var ctime))
                return default;
            var place = parts[5];
            if (parts[0] == "d")
            {
                if (place != "." && HomePath.Refusal(place) is not null) return default;
                var s = FileStatus.Of(place == "." ? homeDir : HomePath.Under(homeDir, place));
                var kind = parts[4] == "l" ? 'l' : parts[4] == "d" ? 'd' : '?';
                if (s is null || s.Value.Device != device || s.Value.Inode != inode
                    || (kind == 'l' ? !s.Value.IsSymbolicLink : kind != 'd' || !s.Value.IsDirectory))
                    return default; // replaced: a folder of another's, a link, a file; what is under it is not known
                if (s.Value.ChangedNs != ctime || ctime > at - Racy) changed.Add(place == "." ? "" : place);
                folders++;
            }
            else if (parts[0] == "c")
            {
                if (HomePath.Refusal(place) is not null || !long.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var size)) return default;
                var s = FileStatus.Of(HomePath.Under(homeDir, place));
                if (s is null || s.Value.Device != device || s.Value.Inode != inode || s.Value.ChangedNs != ctime || s.Value.Size != size || ctime > at - Racy)
                    copies.Add(place);
            }
            else
            {
                return default;
            }
        }
        if (folders == 0) return default;
        if (changed.Count == 0 && copies.Count == 0) return new Check(true, false);

        // Something changed: each place in a changed folder, and each changed copy, is judged as the plan would judge it.
        var byFolder = new HashSet<string>(changed, StringComparer.Ordinal);
        var checkedCopies = new HashSet<string>(copies, StringComparer.Ordinal);
        var seenCopies = 0;
        foreach (var f in generation.Manifest.Files)
        {
            var slash = f.Path.LastIndexOf('/');
            var folder = slash < 0 ? "" : f.Path[..slash];
            var isCopy = f.Mode == HomeFileMode.Copy;
            if (isCopy && checkedCopies.Contains(f.Path)) seenCopies++;
            if (!byFolder.Contains(folder) && !(isCopy && checkedCopies.Contains(f.Path))) continue;
            if (home.Refusal(f.Path) is not null || !HomeTarget.IsInPlace(HomePath.Under(homeDir, f.Path), links, f)) return default;
        }
        // A copy the record names that the generation does not have: the record is not this generation's.
        if (seenCopies != checkedCopies.Count) return default;
        return new Check(true, true);
    }

    /// <summary>Every folder on the way to a place of the generation, the home ("") first, each once.</summary>
    private static IEnumerable<string> FoldersOnTheWay(HomeGenerationEntry generation)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { "" };
        yield return "";
        foreach (var f in generation.Manifest.Files)
        {
            for (var slash = f.Path.IndexOf('/'); slash > 0; slash = f.Path.IndexOf('/', slash + 1))
            {
                var folder = f.Path[..slash];
                if (seen.Add(folder)) yield return folder;
            }
        }
    }

    private static long NowNs() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;
}
