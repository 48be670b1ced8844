using Env.Core.Shell;
using Microsoft.Build.Framework;

namespace Env.Tasks;

/// <summary>
/// Runs before restore and build: refuses a shell folder Env.Sdk may not write (a link, or a file of the user's at
/// one of its names) before anything is written, and forgets the stamps when what timestamps cannot see happened, so
/// restore refetches and build regenerates: the profile link dangles (a cleaned store) or leads anywhere but into the
/// store (a checkout replaced it: git overwrites ignored files), env.json is gone or of an older format, or a tool's
/// store entry is gone though the profile stayed (a gc, a hand-removed entry). When nothing is, it leaves a mark
/// (<see cref="MarkKey"/>) that lets the next no-op build prove as much at evaluation and skip it.
/// </summary>
public sealed class EnvCheckShell : EnvShellTask
{
    [Required]
    public string RestoreStamp { get; set; } = "";

    [Required]
    public string BuildStamp { get; set; } = "";

    /// <summary>
    /// True for a home env, whose build also links <c>result</c> to its generation: something of the user's there is
    /// refused too, and a generation gone from the store (or the link removed) builds again.
    /// </summary>
    public bool HomeResult { get; set; }

    /// <summary>The store (EnvStoreDir) the profile link must lead into; empty: only a dangling link is noticed.</summary>
    public string StoreDir { get; set; } = "";

    /// <summary>
    /// With <see cref="StateDir"/>: when nothing is stale, leave the mark of this key in the env's allow record
    /// (<see cref="ShellCheckMark"/>), so the next build with nothing changed skips this task; empty: no mark.
    /// </summary>
    public string MarkKey { get; set; } = "";

    /// <summary>The user's state folder (EnvStateDir), which holds the env's allow record.</summary>
    public string StateDir { get; set; } = "";

    protected override void Run(ShellFolder folder)
    {
        // The times first: a change made while checking is then not covered by the mark.
        var mark = MarkKey.Length > 0 && StateDir.Length > 0 && StoreDir.Length > 0 ? ShellCheckMark.Name(MarkKey, folder.Path, StoreDir) : null;
        var stamps = new[] { StampName(folder, RestoreStamp), StampName(folder, BuildStamp) };
        folder.CheckWritable([.. DevShell.Generated, .. stamps, .. (HomeResult ? [ShellFolder.Result] : Array.Empty<string>())]);
        var gone = !Directory.Exists(Path.Combine(folder.Path, ShellFolder.Profile, "bin"))
            || (StoreDir.Length > 0 && !folder.ProfileLeadsInto(StoreDir))
            || !folder.HasCurrentEnvJson()
            || (StoreDir.Length > 0 && folder.LacksToolEntry(StoreDir))
            || (HomeResult && !File.Exists(Path.Combine(folder.Path, ShellFolder.Result, Core.Home.HomeGeneration.ManifestFile)));
        if (File.Exists(BuildStamp) && gone) folder.ForgetStamps(stamps);
        else if (mark is not null && !gone) ShellCheckMark.Write(StateDir, ProjectFile, mark);
    }
}
