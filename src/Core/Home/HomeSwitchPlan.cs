namespace Env.Core.Home;

/// <summary>
/// What a switch from one generation to another will do, decided before anything changes: each place of the new
/// generation is created, replaced (it holds a link or an unedited copy of ours) or kept (already right); each place only
/// the old one had is removed when it is still ours and left alone when the user changed it. A place that holds the
/// user's file is a collision: the switch stops and lists them all, unless a backup extension moves each aside first
/// (never onto an existing backup).
/// </summary>
public sealed class HomeSwitchPlan
{
    public List<string> Creates { get; } = [];
    public List<string> Replaces { get; } = [];
    public List<string> Removes { get; } = [];

    /// <summary>Places whose user file is moved to <c>PATH.EXT</c> before the new file is created.</summary>
    public List<string> Backups { get; } = [];

    /// <summary>One line per place that stops the switch: the path and why.</summary>
    public List<string> Collisions { get; } = [];

    /// <summary>Places the old generation had and the user changed since: not removed, said in a warning.</summary>
    public List<string> LeftAlone { get; } = [];

    /// <summary>Copies edited since they were written, which the new generation writes with the same content: left as edited.</summary>
    public List<string> EditsKept { get; } = [];

    public int Unchanged { get; private set; }

    /// <summary>
    /// True when the fixed link <c>home/files</c> does not lead to the new generation's files yet: swapping it is what changes
    /// the content of every linked place at once, however many.
    /// </summary>
    public bool SwapsFiles { get; private set; }

    public bool ChangesNothing => Creates.Count + Replaces.Count + Removes.Count + Backups.Count == 0 && !SwapsFiles;

    /// <summary>
    /// Places linked in both generations that the home was known to hold as the old one has them (its
    /// <see cref="HomeInPlaceRecord"/> verified): they lead through <c>home/files</c> and stay as they are, so neither
    /// the plan nor the apply reads them.
    /// </summary>
    public IReadOnlySet<string> KnownInPlace { get; private set; } = new HashSet<string>();

    /// <summary>A plan that changes nothing, for a generation found in place without reading its places (<see cref="HomeInPlaceRecord"/>).</summary>
    internal static HomeSwitchPlan InPlace(int places) => new() { Unchanged = places };

    /// <param name="from">The current generation, or null on the first switch.</param>
    /// <param name="backupExtension">-b EXT: move the user's files aside to PATH.EXT instead of stopping; null to stop.</param>
    /// <param name="fromInPlace">True when the home is known to hold <paramref name="from"/> exactly (its in-place record verified).</param>
    public static HomeSwitchPlan Make(HomeFolders home, HomeLinks links, HomeGenerationEntry? from, HomeGenerationEntry to, string? backupExtension, bool fromInPlace = false)
    {
        var plan = new HomeSwitchPlan { SwapsFiles = new FileInfo(links.FilesLink).LinkTarget != HomeLinks.FilesOf(to.Path) };
        var knownInPlace = new HashSet<string>(StringComparer.Ordinal);
        plan.KnownInPlace = knownInPlace;
        var old = from?.FilesByPath ?? new Dictionary<string, HomeFileEntry>();
        // A file of ours that the new generation does not have is removed before anything is created: its place may be a
        // folder of the new one, or a file of the new one may take the place of a folder that held only such files.
        bool GoingAway(string path) => !to.FilesByPath.ContainsKey(path) && old.TryGetValue(path, out var entry)
            && HomeTarget.Classify(HomePath.Under(home.Home, path), links, [entry]) is HomeTargetKind.GenerationLink or HomeTargetKind.OurCopy;
        foreach (var file in to.Manifest.Files)
        {
            if (fromInPlace && file.Mode == HomeFileMode.Link && old.TryGetValue(file.Path, out var was) && was.Mode == HomeFileMode.Link)
            {
                // Its link leads through home/files in both: what changes is home/files, not the place.
                knownInPlace.Add(file.Path);
                plan.Unchanged++;
                continue;
            }
            if (home.Refusal(file.Path, GoingAway) is { } folderWhy)
            {
                plan.Collisions.Add($"~/{file.Path}: {folderWhy}");
                continue;
            }
            var full = HomePath.Under(home.Home, file.Path);
            if (HomeTarget.IsInPlace(full, links, file))
            {
                plan.Unchanged++;
                continue;
            }
            var known = old.TryGetValue(file.Path, out var o) ? new[] { o, file } : new[] { file };
            var kind = HomeTarget.Classify(full, links, known);
            if (kind == HomeTargetKind.Folder && HomeTarget.HoldsOnly(full, file.Path, GoingAway))
            {
                // A folder of the old generation's files where the new one has a file: they go, then the file comes.
                plan.Replaces.Add(file.Path);
                continue;
            }
            if (kind == HomeTargetKind.UserFile && HomeTarget.KeepsEdits(o, file))
            {
                // A copy the user (or the program it configures) edited, whose content the new generation does not change: the edits stay.
                plan.EditsKept.Add(file.Path);
                continue;
            }
            switch (kind)
            {
                case HomeTargetKind.Absent:
                    plan.Creates.Add(file.Path);
                    break;
                case HomeTargetKind.GenerationLink:
                case HomeTargetKind.OurCopy:
                    plan.Replaces.Add(file.Path);
                    break;
                default:
                    var what = kind == HomeTargetKind.Folder ? "a folder of yours" : Edited(old, file.Path) ? "a copy Env.Sdk wrote, edited since" : "a file of yours";
                    if (backupExtension is null)
                        plan.Collisions.Add($"~/{file.Path}: {what}");
                    else if (Exists(full + backupExtension))
                        plan.Collisions.Add($"~/{file.Path}: {what}, and its backup ~/{file.Path}{backupExtension} exists too (a backup is never written over)");
                    else if (to.FilesByPath.ContainsKey(file.Path + backupExtension))
                        plan.Collisions.Add($"~/{file.Path}: {what}, and its backup ~/{file.Path}{backupExtension} would be a place of this generation too; choose another -b EXT");
                    else
                        plan.Backups.Add(file.Path);
                    break;
            }
        }
        if (from is not null)
        {
            foreach (var file in from.Manifest.Files)
            {
                if (to.FilesByPath.ContainsKey(file.Path)) continue;
                if (home.Refusal(file.Path, GoingAway) is not null)
                {
                    plan.LeftAlone.Add(file.Path);
                    continue;
                }
                switch (HomeTarget.Classify(HomePath.Under(home.Home, file.Path), links, [file]))
                {
                    case HomeTargetKind.Absent:
                        break;
                    case HomeTargetKind.GenerationLink:
                    case HomeTargetKind.OurCopy:
                        plan.Removes.Add(file.Path);
                        break;
                    default:
                        plan.LeftAlone.Add(file.Path);
                        break;
                }
            }
        }
        return plan;
    }

    private static bool Edited(IReadOnlyDictionary<string, HomeFileEntry> old, string path) =>
        old.TryGetValue(path, out var o) && o.Mode == HomeFileMode.Copy;

    private static bool Exists(string path) => new FileInfo(path) is var i && (i.Exists || i.LinkTarget is not null || Directory.Exists(path));
}
