using Env.Core.IO;
using Env.Core.Diagnostics;

namespace Env.Core.Home;

/// <summary>
/// Makes the home hold exactly what one generation has, whatever mix of two generations it holds now: each place of the
/// target gets its link or copy; each place only the other generation had is removed when it is still ours. Every step
/// is one rename or one unlink, and every step is judged from what is on disk, so running it again after a crash
/// finishes the job: this is both how a switch applies and how a killed switch is recovered, forward or back.
/// Linked places lead through the fixed link <c>home/files</c> (<see cref="HomeLinks"/>): converging swaps it to the
/// target's <c>files/</c> in one rename, so only the places that appear, go or change kind (link or copy, file or folder)
/// are touched, and a copy whose content changed is written again.
/// </summary>
internal sealed class HomeConverger
{
    /// <summary>Temporary names in the home start with this, then the pid: a recovery removes those of the dead switch.</summary>
    public const string TempPrefix = ".envsdk-tmp-";

    private readonly HomeFolders _home;
    private readonly HomeLinks _links;
    private readonly Action<string, string>? _beforeChange;
    private int _tempCounter;

    /// <param name="beforeChange">Called with the step and the place before each change (tests inject failures here).</param>
    public HomeConverger(HomeFolders home, HomeLinks links, Action<string, string>? beforeChange, CancellationToken cancellation = default)
    {
        _home = home;
        _links = links;
        var hook = beforeChange;
        // Ctrl+C is honoured between changes, never inside one.
        _beforeChange = cancellation.CanBeCanceled
            ? (step, path) => { cancellation.ThrowIfCancellationRequested(); hook?.Invoke(step, path); }
            : hook;
    }

    /// <summary>Moves each listed user file to PATH + extension (the plan checked that none of those exists).</summary>
    public void MoveAside(IEnumerable<string> backups, string extension)
    {
        foreach (var path in backups)
        {
            var full = HomePath.Under(_home.Home, path);
            if (!Exists(full) || Exists(full + extension)) continue; // done before a crash
            _beforeChange?.Invoke("backup", path);
            Recheck(path, null);
            AtomicFile.Rename(full, full + extension);
        }
    }

    /// <summary>Moves each backup back where it was, taking out what a generation put there meanwhile.</summary>
    public void RestoreBackups(IEnumerable<string> backups, string extension, IReadOnlyList<HomeGenerationEntry> known)
    {
        foreach (var path in backups)
        {
            var full = HomePath.Under(_home.Home, path);
            if (!Exists(full + extension)) continue;
            var kind = HomeTarget.Classify(full, _links, EntriesAt(known, path));
            if (kind is HomeTargetKind.GenerationLink or HomeTargetKind.OurCopy)
            {
                _beforeChange?.Invoke("remove", path);
                Recheck(path, null);
                File.Delete(full);
            }
            else if (kind != HomeTargetKind.Absent)
            {
                continue; // a file of the user's is there again: the backup stays where it is
            }
            _beforeChange?.Invoke("restore", path);
            Recheck(path, null);
            AtomicFile.Rename(full + extension, full);
        }
    }

    /// <param name="target">The generation the home must match, or null for none (back before the first switch).</param>
    /// <param name="known">Every generation whose files may be in the home now (the two of the switch).</param>
    /// <param name="skip">Places left as they are (backups just restored).</param>
    /// <param name="leaveUserFiles">Going back: a file of the user's at a place of the target stays (it was there before the switch).</param>
    /// <param name="knownInPlace">Places the plan knew to be in place without reading them (<see cref="HomeSwitchPlan.KnownInPlace"/>): not read again.</param>
    public void Converge(HomeGenerationEntry? target, IReadOnlyList<HomeGenerationEntry> known, IReadOnlySet<string>? skip = null, bool leaveUserFiles = false,
        IReadOnlySet<string>? knownInPlace = null)
    {
        var wanted = target?.Manifest.Files ?? [];
        var keep = wanted.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        // Removals first: a place one generation has as a file may be a folder in the other (or the other way round).
        var leaving = known.SelectMany(g => g.Manifest.Files).Select(f => f.Path).Where(p => !keep.Contains(p) && skip?.Contains(p) != true)
            .ToHashSet(StringComparer.Ordinal);
        bool GoingAway(string path) => leaving.Contains(path) && IsOurs(path, known);
        foreach (var path in leaving.Order(StringComparer.Ordinal))
        {
            if (_home.Refusal(path) is not null) continue;
            if (!IsOurs(path, known)) continue;
            _beforeChange?.Invoke("remove", path);
            Recheck(path, null);
            File.Delete(HomePath.Under(_home.Home, path));
            _home.PruneEmpty(path);
        }
        // After the removals (a place that goes never leads into the target's files) and before the places that appear:
        // from here on every linked place that stays has the target's content.
        SetFilesLink(target);
        foreach (var file in wanted)
        {
            if (knownInPlace?.Contains(file.Path) == true) continue;
            if (skip?.Contains(file.Path) == true || _home.Refusal(file.Path, GoingAway) is not null) continue;
            var full = HomePath.Under(_home.Home, file.Path);
            if (HomeTarget.IsInPlace(full, _links, file)) continue;
            var kind = HomeTarget.Classify(full, _links, EntriesAt(known, file.Path).Append(file));
            if (kind == HomeTargetKind.Folder && IsEmptyTree(full))
            {
                // What is left of a folder of the other generation's files, emptied above, where this one has a file.
                _beforeChange?.Invoke("replace", file.Path);
                Recheck(file.Path, null);
                Directory.Delete(full, recursive: true);
                kind = HomeTargetKind.Absent;
            }
            switch (kind)
            {
                case HomeTargetKind.Absent:
                    _beforeChange?.Invoke("create", file.Path);
                    Recheck(file.Path, GoingAway);
                    _home.Create(file.Path);
                    Recheck(file.Path, GoingAway);
                    Place(full, target!, file, replace: false);
                    break;
                case HomeTargetKind.GenerationLink:
                case HomeTargetKind.OurCopy:
                    _beforeChange?.Invoke("replace", file.Path);
                    Recheck(file.Path, GoingAway);
                    Place(full, target!, file, replace: true);
                    break;
                default:
                    // Going back, a file of the user's at a place of the old generation was there before the switch began.
                    if (leaveUserFiles || known.Any(g => g != target && HomeTarget.KeepsEdits(g.FilesByPath.GetValueOrDefault(file.Path), file))) continue;
                    throw new EnvException(EnvCode.ENV0912,
                        $"~/{file.Path} is a file of yours that appeared during the switch. Move it away (or switch with -b EXT) and switch again.", full);
            }
        }
    }

    /// <summary>
    /// Points the fixed link at the target's <c>files/</c> (one rename), or removes it when the target is none (back before
    /// the first switch). Every linked place of the target leads through it.
    /// </summary>
    private void SetFilesLink(HomeGenerationEntry? target)
    {
        var wanted = target is null ? null : HomeLinks.FilesOf(target.Path);
        var now = new FileInfo(_links.FilesLink);
        if (now.LinkTarget == wanted && (wanted is not null || !now.Exists)) return;
        _beforeChange?.Invoke("files", "");
        if (wanted is null) File.Delete(_links.FilesLink);
        else AtomicFile.ReplaceSymlink(_links.FilesLink, wanted);
    }

    /// <summary>
    /// The folders of <paramref name="path"/> are judged again right before a change: one swapped for a link out of the home
    /// since the plan (or since the last change) stops the switch here, before anything is written through it.
    /// </summary>
    private void Recheck(string path, Func<string, bool>? goingAway)
    {
        if (_home.Refusal(path, goingAway) is { } why)
            throw new EnvException(EnvCode.ENV0929,
                $"~/{path} was not changed: {why}, which it was not when the switch began (a folder on its way was replaced during the switch). Nothing was written there. Put the folder back, then switch again.",
                HomePath.Under(_home.Home, path));
    }

    private bool IsOurs(string path, IReadOnlyList<HomeGenerationEntry> known) =>
        HomeTarget.Classify(HomePath.Under(_home.Home, path), _links, EntriesAt(known, path)) is HomeTargetKind.GenerationLink or HomeTargetKind.OurCopy;

    private static bool IsEmptyTree(string folder) =>
        new FileInfo(folder).LinkTarget is null && Directory.Exists(folder)
        && Directory.EnumerateFileSystemEntries(folder).All(e => new FileInfo(e).LinkTarget is null && Directory.Exists(e) && IsEmptyTree(e));

    /// <summary>Removes temporary files a killed switch of process <paramref name="pid"/> left beside the places it was changing.</summary>
    public void SweepTemporaries(int pid, IReadOnlyList<HomeGenerationEntry> known)
    {
        // The fixed link is swapped as AtomicFile swaps any link: through a temporary beside it.
        var filesTemp = _links.FilesLink + $".tmp-{pid}";
        if (new FileInfo(filesTemp).LinkTarget is not null) File.Delete(filesTemp);
        var prefix = $"{TempPrefix}{pid}-";
        var folders = known.SelectMany(g => g.Manifest.Files)
            .Select(f => Path.GetDirectoryName(HomePath.Under(_home.Home, f.Path))!)
            .Distinct(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            if (!Directory.Exists(folder) || new FileInfo(folder).LinkTarget is not null) continue;
            foreach (var temp in Directory.EnumerateFileSystemEntries(folder, prefix + "*"))
                if (!Directory.Exists(temp) || new FileInfo(temp).LinkTarget is not null) File.Delete(temp);
        }
    }

    /// <summary>
    /// Writes the link or copy under a temporary name beside the place, then renames it into place: a reader sees the old
    /// file or the new one, never half of one. A place that was empty is taken without replacing (a file the user made
    /// meanwhile makes this fail rather than vanish).
    /// </summary>
    private void Place(string full, HomeGenerationEntry target, HomeFileEntry file, bool replace)
    {
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $"{TempPrefix}{Environment.ProcessId}-{++_tempCounter}");
        try
        {
            if (file.Mode == HomeFileMode.Link)
            {
                File.CreateSymbolicLink(temp, _links.For(file.Path));
            }
            else
            {
                File.Copy(target.FilePath(file), temp, overwrite: false);
                if (!OperatingSystem.IsWindows())
                    File.SetUnixFileMode(temp, FileModes.ForFile(file.Executable));
            }
            if (replace) AtomicFile.Rename(temp, full);
            else File.Move(temp, full, overwrite: false);
        }
        finally
        {
            if (new FileInfo(temp) is var t && (t.Exists || t.LinkTarget is not null)) File.Delete(temp);
        }
    }

    private static IEnumerable<HomeFileEntry> EntriesAt(IReadOnlyList<HomeGenerationEntry> known, string path) =>
        known.Select(g => g.FilesByPath.GetValueOrDefault(path)).OfType<HomeFileEntry>();

    private static bool Exists(string path) => new FileInfo(path) is var i && (i.Exists || i.LinkTarget is not null || Directory.Exists(path));
}
