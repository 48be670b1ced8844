namespace Env.Core.Home;

/// <summary>
/// Where a user's home generations are recorded, under the state folder (<c>EnvStateDir</c>, <c>$XDG_STATE_HOME/envsdk</c>):
/// <code>
/// home/profile               link to the current generation's profile/: what the user's shell startup file sources
/// home/current               link to the current generation's store entry
/// home/files                 link to the files/ of the generation the home holds: every linked place in the home leads
///                            through it (~/.bashrc → home/files/.bashrc), so a switch swaps it instead of relinking
/// home/in-place              what the home's folders and copies were at the last switch (HomeInPlaceRecord): a no-op
///                            switch stats each folder instead of reading each link
/// home/generations/N.json    generation N: its entry, date, configuration, source (project or git URL and commit)
/// home/generations/N-link    link to generation N's entry, the store's indirect root for it
/// home/created-folders      the folders in the home that switches created (one place a line): only those are removed when emptied
/// home/backups               the user's files switches moved aside (-b EXT), one place and extension a line: what uninstall puts back
/// home/switch.json           the journal of a switch under way: present only between its first change and its commit
/// home/uninstall.json        the journal of an uninstall under way: present only while it runs
/// home/.lock                 held by the one process switching
/// </code>
/// The profile path is fixed, so a shell sourced it once and a switch changes what it reaches.
/// </summary>
public sealed class HomeStateLayout
{
    public HomeStateLayout(string stateDir)
    {
        HomeDir = Path.Combine(Path.TrimEndingDirectorySeparator(Path.GetFullPath(stateDir)), "home");
    }

    public string HomeDir { get; }

    public string ProfileLink => Path.Combine(HomeDir, "profile");

    /// <summary>The session's first PATH entry, through the fixed link.</summary>
    public string ProfileBin => Path.Combine(ProfileLink, "bin");

    public string CurrentLink => Path.Combine(HomeDir, "current");

    /// <summary>The fixed link every linked home place leads through; a switch points it at the new generation's <c>files/</c>.</summary>
    public string FilesLink => Path.Combine(HomeDir, "files");

    public string InPlaceRecord => Path.Combine(HomeDir, "in-place");

    public string GenerationsDir => Path.Combine(HomeDir, "generations");

    public string Journal => Path.Combine(HomeDir, "switch.json");

    public string LockFile => Path.Combine(HomeDir, ".lock");

    public string CreatedFolders => Path.Combine(HomeDir, "created-folders");

    public string Backups => Path.Combine(HomeDir, "backups");

    public string UninstallJournal => Path.Combine(HomeDir, "uninstall.json");

    public string GenerationRecord(int number) => Path.Combine(GenerationsDir, $"{number}.json");

    public string GenerationLink(int number) => Path.Combine(GenerationsDir, $"{number}-link");
}
