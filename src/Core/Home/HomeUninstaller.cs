using Env.Core.Diagnostics;
using Env.Core.Store;

namespace Env.Core.Home;

/// <summary>
/// <c>dotnet env uninstall</c>: takes the home back to before the first switch, keeping whatever the user changed since.
/// <list type="number">
/// <item>Under the home's lock, refused at once while a switch holds it; an interrupted switch is finished first.</item>
/// <item>Plan: each place of the current generation that still holds exactly what it put there (its link, its unedited
/// copy) is removed; anything else there is left and listed. Each backup a switch made (<see cref="HomeBackups"/>) goes
/// back to its place when the place is free after the removals; otherwise it stays and is listed.</item>
/// <item>Journal (<see cref="HomeUninstallJournal"/>), then the removals, the backups, the emptied folders switches
/// created (<see cref="CreatedFolders"/>), and last the state: <c>current</c>, the session's profile link, the fixed
/// link the home's links led through and the record of the home in place, every
/// generation's record and link (the store's roots: gc frees their entries), the records of folders and backups, the
/// journal. Only the lock file stays (removing a lock another process may be waiting on would let two in).</item>
/// </list>
/// Every step is judged from what is on disk right before it, so a killed uninstall is finished by the next one.
/// </summary>
public sealed class HomeUninstaller
{
    private readonly HomeStateLayout _state;
    private readonly string _storeDir;
    private readonly HomeLinks _links;
    private readonly string _homeDir;
    private readonly IEnvLog _log;
    private readonly HomeSwitcher _switcher;

    public HomeUninstaller(string stateDir, string storeDir, string homeDir, IEnvLog log)
    {
        _state = new HomeStateLayout(stateDir);
        _storeDir = new StoreLayout(storeDir).StoreDir;
        _links = new HomeLinks(_state, _storeDir);
        _homeDir = Path.TrimEndingDirectorySeparator(Path.GetFullPath(homeDir));
        _log = log;
        _switcher = new HomeSwitcher(stateDir, storeDir, homeDir, log);
    }

    public HomeStateLayout State => _state;

    /// <summary>Called with the step and the place before each change (tests kill or fail an uninstall here).</summary>
    internal Action<string, string>? BeforeChange { get; set; }

    public HomeUninstallResult Uninstall(bool dryRun)
    {
        try
        {
            // Not even the state folder's home part: nothing to lock, nothing to uninstall (and nothing is created for it).
            if (!Directory.Exists(_state.HomeDir)) throw NothingToUninstall();
            using var _ = HomeLock.Acquire(_state, _log, TimeSpan.Zero);
            return UninstallLocked(dryRun);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EnvException(EnvCode.ENV0925,
                $"The uninstall could not read or write a file: {e.Message} Check the permissions of the home ({_homeDir}) and of the state folder ({_state.HomeDir}), then run 'dotnet env uninstall' again: it goes on from where it stopped.",
                _state.HomeDir, e);
        }
    }

    private HomeUninstallResult UninstallLocked(bool dryRun)
    {
        var interrupted = HomeUninstallJournal.TryLoad(_state.UninstallJournal, _storeDir);
        HomeGenerationPointer? generation;
        if (interrupted is not null)
        {
            generation = interrupted.Generation;
        }
        else
        {
            _switcher.RecoverLocked();
            generation = _switcher.Current();
            if (generation is null && _switcher.Numbers().Count == 0 && new FileInfo(_state.ProfileLink).LinkTarget is null)
                throw NothingToUninstall();
        }

        var entry = generation is null ? null : Load(generation);
        var home = new HomeFolders(_homeDir, _state.CreatedFolders);
        var result = new HomeUninstallResult(generation?.Number, dryRun) { FinishedInterrupted = interrupted is not null };
        Plan(home, entry, result);
        result.Forgotten.AddRange(_switcher.Numbers());
        if (dryRun) return result;

        AtomicFile.WriteIfChanged(_state.UninstallJournal, new HomeUninstallJournal(generation).ToJson());
        foreach (var place in result.Removes.ToList())
        {
            // Judged again right before the change: only what is still exactly the generation's goes; the result says what was done.
            if (entry is null || !StillOurs(home, entry, entry.FilesByPath[place]))
            {
                result.Removes.Remove(place);
                if (Exists(HomePath.Under(_homeDir, place))) result.LeftAlone.Add(place);
                continue;
            }
            BeforeChange?.Invoke("remove", place);
            // Emptied folders go after the backups are back (a backup lives beside its place), and only those switches created.
            File.Delete(HomePath.Under(_homeDir, place));
        }
        foreach (var (place, extension) in result.Restores.ToList())
        {
            var full = HomePath.Under(_homeDir, place);
            if (!Exists(full + extension) || Exists(full) || home.Refusal(place) is not null)
            {
                result.Restores.Remove((place, extension));
                if (Exists(full + extension)) result.BackupsKept.Add((place, extension));
                continue;
            }
            BeforeChange?.Invoke("restore", place);
            AtomicFile.Rename(full + extension, full);
        }
        RemoveEmptyCreatedFolders(home, result);
        Forget();
        return result;
    }

    private void Plan(HomeFolders home, HomeGenerationEntry? entry, HomeUninstallResult result)
    {
        foreach (var file in entry?.Manifest.Files ?? [])
        {
            var full = HomePath.Under(_homeDir, file.Path);
            if (home.Refusal(file.Path) is not null)
                result.LeftAlone.Add(file.Path);
            else if (StillOurs(home, entry!, file))
                result.Removes.Add(file.Path);
            else if (Exists(full))
                result.LeftAlone.Add(file.Path);
        }
        var removed = result.Removes.ToHashSet(StringComparer.Ordinal);
        foreach (var (place, extension) in HomeBackups.Load(_state.Backups).Entries)
        {
            var full = HomePath.Under(_homeDir, place);
            if (!Exists(full + extension)) continue; // moved away by its owner: nothing to put back
            var free = (removed.Contains(place) || !Exists(full)) && home.Refusal(place) is null;
            (free ? result.Restores : result.BackupsKept).Add((place, extension));
        }
    }

    /// <summary>
    /// The place holds exactly what the generation put there: its link (through the fixed link <c>home/files</c>, or straight
    /// to its file in the generation, as a home not switched since issue 18 has it), or its copy unedited (the switch's own test).
    /// </summary>
    private bool StillOurs(HomeFolders home, HomeGenerationEntry entry, HomeFileEntry file)
    {
        if (home.Refusal(file.Path) is not null) return false;
        var full = HomePath.Under(_homeDir, file.Path);
        return file.Mode == HomeFileMode.Link
            ? HomeTarget.IsInPlace(full, _links, file) || HomeTarget.IsLegacyLink(full, entry.Path, file)
            : HomeTarget.Classify(full, _links, [file]) == HomeTargetKind.OurCopy;
    }

    /// <summary>The folders switches created that are empty now, deepest first; a folder the user had, or one that holds anything, stays.</summary>
    private void RemoveEmptyCreatedFolders(HomeFolders home, HomeUninstallResult result)
    {
        // Ordinal order puts a folder before the folders in it: backwards, the deepest go first.
        foreach (var place in CreatedFolders.Load(_state.CreatedFolders).Places.Reverse())
        {
            var full = HomePath.Under(_homeDir, place);
            if (home.Refusal(place + "/_") is not null || new FileInfo(full).LinkTarget is not null || !Directory.Exists(full)) continue;
            if (Directory.EnumerateFileSystemEntries(full).Any()) continue;
            BeforeChange?.Invoke("folder", place);
            try
            {
                Directory.Delete(full);
                result.FoldersRemoved.Add(place);
            }
            catch (IOException)
            {
                // Something appeared meanwhile: it stays.
            }
        }
    }

    /// <summary>The state folder's home part, the current link first (so a half-forgotten state names no generation), the journal last.</summary>
    private void Forget()
    {
        BeforeChange?.Invoke("forget", "");
        File.Delete(_state.CurrentLink);
        File.Delete(_state.ProfileLink);
        // After the places that led through it are gone.
        File.Delete(_state.FilesLink);
        File.Delete(_state.InPlaceRecord);
        foreach (var n in _switcher.Numbers())
        {
            File.Delete(_state.GenerationLink(n));
            File.Delete(_state.GenerationRecord(n));
        }
        if (Directory.Exists(_state.GenerationsDir) && !Directory.EnumerateFileSystemEntries(_state.GenerationsDir).Any())
            Directory.Delete(_state.GenerationsDir);
        File.Delete(_state.CreatedFolders);
        File.Delete(_state.Backups);
        File.Delete(_state.UninstallJournal);
    }

    private HomeGenerationEntry? Load(HomeGenerationPointer generation)
    {
        if (Directory.Exists(generation.Entry) && HomeGeneration.IsGenerationEntry(generation.Entry, _storeDir))
            return HomeGenerationEntry.Load(generation.Entry);
        _log.Warning(EnvCode.ENV0971, $"Generation {generation.Number}'s entry {generation.Entry} is no longer in the store: the uninstall cannot tell which files in the home were its own, so it leaves them where they are. It still puts back the backups and forgets the generations.");
        return null;
    }

    private EnvException NothingToUninstall() =>
        new(EnvCode.ENV0945,
            $"There is nothing to uninstall: this home was never switched (no generation is recorded in {_state.HomeDir}). 'dotnet env switch' in a home repository makes the first one.",
            _state.HomeDir);

    private static bool Exists(string path) => new FileInfo(path) is var i && (i.Exists || i.LinkTarget is not null || Directory.Exists(path));
}
