namespace Env.Core.Home;

/// <summary>
/// What <c>dotnet env uninstall</c> did (or, with <see cref="DryRun"/>, would do): the current generation's places it
/// removed, the ones it left because they are no longer what the generation put there, the backups it put back and the
/// ones it left, the emptied folders switches had created, and the generations it forgot.
/// </summary>
public sealed record HomeUninstallResult(int? Generation, bool DryRun)
{
    public List<string> Removes { get; } = [];

    /// <summary>Places of the generation that hold something else now (a file of yours, an edited copy, a link elsewhere, a folder on the way that leads out of the home): kept.</summary>
    public List<string> LeftAlone { get; } = [];

    /// <summary>Backups (place, extension with its dot) moved back to their place.</summary>
    public List<(string Place, string Extension)> Restores { get; } = [];

    /// <summary>Backups left where they are: their place is taken (a file you put there), so nothing is written over.</summary>
    public List<(string Place, string Extension)> BackupsKept { get; } = [];

    /// <summary>Folders switches created, removed because they are empty now (none listed in a dry run, which removes nothing).</summary>
    public List<string> FoldersRemoved { get; } = [];

    public List<int> Forgotten { get; } = [];

    /// <summary>True when this run finished an uninstall that was killed midway.</summary>
    public bool FinishedInterrupted { get; init; }
}
