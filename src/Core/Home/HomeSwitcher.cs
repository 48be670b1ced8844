using System.Globalization;
using Env.Core.Diagnostics;
using Env.Core.Store;

namespace Env.Core.Home;

/// <summary>
/// Switches a home between generations, with the promise <c>nixos-rebuild switch</c> makes: if it fails, nothing changes;
/// if it works, the new generation is in place; the previous one stays one command away.
/// <list type="number">
/// <item>Plan (<see cref="HomeSwitchPlan"/>): every collision is listed before anything changes.</item>
/// <item>Journal: <c>switch.json</c> says both generations and the backups, before the first change.</item>
/// <item>Apply (<see cref="HomeConverger"/>): backups aside, then each place made right, then what only the old one had removed.</item>
/// <item>The fixed link <c>home/files</c> (<see cref="HomeLinks"/>) is swapped to the new generation's files inside the
/// apply, so the home has the new content before the commands run and a failure swaps it back.</item>
/// <item>Commands (<see cref="HomeActivationRunner"/>): the OnChange commands of places whose content changed
/// (<see cref="HomeOnChange"/>), then the activations.</item>
/// <item>Commit: the generation's record and link, then the <c>current</c> link swapped in one rename. The session profile
/// (<c>home/profile</c> → <c>current/profile</c>) follows it.</item>
/// </list>
/// A failure before the commit puts the home back as the old generation had it; a killed switch leaves the journal,
/// and the next switch, rollback or listing finishes it forward (committed) or back (not). A switch to the generation
/// already in place checks one status per home folder (<see cref="HomeInPlaceRecord"/>) and changes nothing.
/// </summary>
public sealed class HomeSwitcher
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(5);
    private readonly HomeStateLayout _state;
    private readonly StoreLayout _store;
    private readonly HomeLinks _links;
    private readonly string _homeDir;
    private readonly IEnvLog _log;

    public HomeSwitcher(string stateDir, string storeDir, string homeDir, IEnvLog log)
    {
        _state = new HomeStateLayout(stateDir);
        _store = new StoreLayout(storeDir);
        _links = new HomeLinks(_state, _store.StoreDir);
        _homeDir = Path.TrimEndingDirectorySeparator(Path.GetFullPath(homeDir));
        _log = log;
    }

    public HomeStateLayout State => _state;

    /// <summary>Called with the step and the place before each change in the home (tests inject failures here).</summary>
    internal Action<string, string>? BeforeChange { get; set; }

    /// <summary>Called at each stage of a switch: journal, applied, activated, recorded (tests inject failures here).</summary>
    internal Action<string>? AtStage { get; set; }

    /// <summary>Switches to the built generation at <paramref name="entryPath"/> (what <c>.envsdk/result</c> links to).</summary>
    public HomeSwitchResult Switch(string entryPath, HomeSwitchOptions options)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(entryPath));
        if (!HomeGeneration.IsGenerationEntry(full, _store.StoreDir))
            throw new EnvException(EnvCode.ENV0922,
                $"{entryPath} is not a home generation in the store {_store.StoreDir}. Build a home env (EnvKind Home) with this store, and switch to its .envsdk/result.",
                entryPath);
        return Guard(() =>
        {
            using var _ = HomeLock.Acquire(_state, _log, LockTimeout);
            RecoverLocked();
            return SwitchLocked(HomeGenerationEntry.Load(full), targetNumber: null, options);
        });
    }

    /// <summary>As <see cref="Switch(string, HomeSwitchOptions)"/>, for a generation the caller has read already (its manifest is not read again).</summary>
    public HomeSwitchResult Switch(HomeGenerationEntry generation, HomeSwitchOptions options) => Guard(() =>
    {
        using var _ = HomeLock.Acquire(_state, _log, LockTimeout);
        RecoverLocked();
        return SwitchLocked(generation, targetNumber: null, options);
    });

    /// <summary>Switches to generation <paramref name="number"/>, one that is kept (<c>--generation N</c>); no new generation is recorded.</summary>
    public HomeSwitchResult SwitchToGeneration(int number, HomeSwitchOptions options) => Guard(() =>
    {
        using var _ = HomeLock.Acquire(_state, _log, LockTimeout);
        RecoverLocked();
        var entry = GenerationEntry(number)
            ?? throw new EnvException(EnvCode.ENV0917, $"There is no generation {number}. Kept generations: {Describe(Numbers())}. 'dotnet env generations' lists them.", _state.GenerationsDir);
        return SwitchLocked(HomeGenerationEntry.Load(entry), number, options);
    });

    /// <summary>Switches to the kept generation before the current one, as <c>nix-env --rollback</c>.</summary>
    public HomeSwitchResult Rollback(HomeSwitchOptions options) => Guard(() =>
    {
        using var _ = HomeLock.Acquire(_state, _log, LockTimeout);
        if (RecoverLocked() is { Forward: false } undone)
        {
            // A switch that was killed before its commit is what this rollback undoes: going one further back would skip
            // the generation the user was at (issue 16, item 17).
            return new HomeSwitchResult(new HomeSwitchPlan(), undone.From?.Number ?? 0, NewGeneration: false, DryRun: false) { UndidInterrupted = undone.To.Number };
        }
        var kept = Numbers();
        var current = Current()
            ?? throw (kept.Count == 0
                ? new EnvException(EnvCode.ENV0917, "There is no generation to roll back from: this home was never switched. Run 'dotnet env switch' in a home repository first.", _state.HomeDir)
                : new EnvException(EnvCode.ENV0926, $"There is no current generation to roll back from: {_state.CurrentLink} is missing, though generations {Describe(kept)} are kept. Switch to the one you want ('dotnet env switch --generation N'); 'dotnet env generations' lists them.", _state.CurrentLink));
        var previous = Numbers().Where(n => n < current.Number).DefaultIfEmpty(0).Max();
        if (previous == 0)
            throw new EnvException(EnvCode.ENV0917, $"Generation {current.Number} is the oldest kept; there is none to roll back to. 'dotnet env generations' lists them.", _state.GenerationsDir);
        var entry = GenerationEntry(previous)!;
        return SwitchLocked(HomeGenerationEntry.Load(entry), previous, options);
    });

    /// <summary>Finishes a switch a killed process left (forward when it had committed, back otherwise); false when there was none.</summary>
    public bool Recover() => Guard(() =>
    {
        if (!File.Exists(_state.Journal)) return false;
        using var _ = HomeLock.Acquire(_state, _log, LockTimeout);
        return RecoverLocked() is not null;
    });

    /// <summary>Every kept generation, oldest first (recovering an interrupted switch first).</summary>
    public IReadOnlyList<HomeGenerationInfo> Generations()
    {
        Recover();
        return Guard(() =>
        {
            var current = Current();
            return Numbers().Select(n =>
            {
                var entry = GenerationEntry(n) ?? "";
                return new HomeGenerationInfo(n, entry, GenerationRecord.TryLoad(_state.GenerationRecord(n), n), current?.Number == n, entry.Length > 0 && Directory.Exists(entry));
            }).ToList();
        });
    }

    /// <summary>
    /// Forgets generations created before <paramref name="now"/> − <paramref name="age"/>, never the current one: their
    /// records and links go, so their store entries become collectable. Returns the numbers forgotten.
    /// </summary>
    public IReadOnlyList<int> Expire(TimeSpan age, DateTimeOffset now) => Guard(() =>
    {
        using var _ = HomeLock.Acquire(_state, _log, LockTimeout);
        RecoverLocked();
        // An age longer than the calendar (2147483647h) reaches back before any generation: none is forgotten, and nothing overflows.
        var cutoff = age >= now - DateTimeOffset.MinValue ? DateTimeOffset.MinValue : now - age;
        var current = Current()?.Number;
        var forgotten = new List<int>();
        foreach (var n in Numbers())
        {
            if (n == current) continue;
            var record = GenerationRecord.TryLoad(_state.GenerationRecord(n), n);
            var created = record?.Created ?? new FileInfo(_state.GenerationLink(n)).LastWriteTimeUtc;
            if (created > cutoff) continue;
            Forget(n);
            forgotten.Add(n);
        }
        return forgotten;
    });

    /// <summary>
    /// Forgets the generations <paramref name="numbers"/> (<c>--remove</c>): their records and links go, so their store
    /// entries become collectable. All are checked before any is forgotten: one not kept is ENV0917 (naming the kept
    /// ones), the current one ENV0934.
    /// </summary>
    public IReadOnlyList<int> Remove(IReadOnlyList<int> numbers) => Guard(() =>
    {
        using var _ = HomeLock.Acquire(_state, _log, LockTimeout);
        RecoverLocked();
        var kept = Numbers();
        var missing = numbers.Where(n => !kept.Contains(n)).Distinct().ToList();
        if (missing.Count > 0)
            throw new EnvException(EnvCode.ENV0917, $"There is no generation {Describe(missing)} to remove. Kept generations: {Describe(kept)}. Nothing was removed.", _state.GenerationsDir);
        var current = Current()?.Number;
        if (current is { } c && numbers.Contains(c))
            throw new EnvException(EnvCode.ENV0934, $"Generation {c} is the current one and cannot be removed. Nothing was removed. Switch to another first ('dotnet env rollback' or 'dotnet env switch --generation N'), then remove it.", _state.CurrentLink);
        var removed = numbers.Distinct().Order().ToList();
        foreach (var n in removed) Forget(n);
        return removed;
    });

    /// <summary>
    /// What differs from kept generation <paramref name="a"/> to kept generation <paramref name="b"/> (numbers, or
    /// <c>current</c>), as a switch between them prints it (<c>generations --diff A B</c>). ENV0917 names the kept ones
    /// when either is not one of them; ENV0919 when its store entry is gone.
    /// </summary>
    public (int From, int To, HomeGenerationDiff Diff) Diff(string a, string b)
    {
        Recover();
        return Guard(() =>
        {
            var from = Kept(a);
            var to = Kept(b);
            return (from, to, HomeGenerationDiff.Between(Load(from), Load(to), $"generation {from}", $"generation {to}"));
        });

        int Kept(string which)
        {
            var kept = Numbers();
            var n = which == "current"
                ? Current()?.Number ?? throw new EnvException(EnvCode.ENV0917, $"There is no current generation. Kept generations: {Describe(kept)}.", _state.CurrentLink)
                : int.TryParse(which, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && kept.Contains(number) ? number
                : throw new EnvException(EnvCode.ENV0917, $"'{PrintableText.Of(which)}' is not a kept generation. Kept generations: {Describe(kept)}; give two of them, or 'current'.", _state.GenerationsDir);
            return n;
        }

        HomeManifest Load(int n) => HomeGenerationEntry.Load(GenerationEntry(n)!).Manifest;
    }

    /// <summary>The current generation: <c>current</c> → <c>generations/N-link</c> → its entry; null before the first switch.</summary>
    public HomeGenerationPointer? Current()
    {
        var target = new FileInfo(_state.CurrentLink).LinkTarget;
        if (target is null) return null;
        const string prefix = "generations/";
        if (!target.StartsWith(prefix, StringComparison.Ordinal) || !target.EndsWith("-link", StringComparison.Ordinal)
            || !int.TryParse(target.AsSpan(prefix.Length, target.Length - prefix.Length - 5), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
            throw new EnvException(EnvCode.ENV0918, $"{_state.CurrentLink} links to '{PrintableText.Of(target)}', not to a generation Env.Sdk recorded. Remove the link, then switch again.", _state.CurrentLink);
        var entry = GenerationEntry(n)
            ?? throw new EnvException(EnvCode.ENV0918, $"{_state.CurrentLink} names generation {n}, whose link {_state.GenerationLink(n)} is gone. Switch again ('dotnet env switch', or '--generation N' to a kept one).", _state.CurrentLink);
        return new HomeGenerationPointer(n, entry);
    }

    private HomeSwitchResult SwitchLocked(HomeGenerationEntry to, int? targetNumber, HomeSwitchOptions options)
    {
        // Also for a kept generation: its link lives in the state folder, and whatever it leads to must be one of the store's generations.
        if (!HomeGeneration.IsGenerationEntry(to.Path, _store.StoreDir))
            throw new EnvException(EnvCode.ENV0922,
                $"{to.Path} is not a home generation in the store {_store.StoreDir}. Build a home env (EnvKind Home) with this store, and switch to its .envsdk/result.",
                to.Path);
        if (!Directory.Exists(_homeDir))
            throw new EnvException(EnvCode.ENV0923, $"The home folder {_homeDir} does not exist or is not a folder. Set HOME to your home folder.", _homeDir);
        CheckFolders(to);
        if (options.BackupExtension is { } ext && HomeJournal.BackupExtensionRefusal(ext) is { } why)
            throw new EnvException(EnvCode.ENV0913, $"-b '{PrintableText.Of(ext)}' cannot be used: {why}. Give a plain suffix such as 'backup' (files are moved to PATH.backup).", null);
        var extension = options.BackupExtension is null ? null : "." + options.BackupExtension.TrimStart('.');
        var current = Current();
        var home = new HomeFolders(_homeDir, _state.CreatedFolders);
        if (current is not null && current.Entry == to.Path && (targetNumber ?? current.Number) == current.Number
            && HomeInPlaceRecord.Verify(_state.InPlaceRecord, _homeDir, to, _links, home) is { InPlace: true } inPlace)
        {
            // Nothing changed: known from one status per home folder, without reading each place.
            if (inPlace.Refresh && !options.DryRun) HomeInPlaceRecord.Write(_state.InPlaceRecord, _homeDir, to);
            return new HomeSwitchResult(HomeSwitchPlan.InPlace(to.Manifest.Files.Count), current.Number, NewGeneration: false, options.DryRun);
        }
        var from = current is null ? null : current.Entry == to.Path ? to : LoadFrom(current);
        var newGeneration = targetNumber is null && (current is null || current.Entry != to.Path);
        var number = targetNumber ?? (newGeneration ? Numbers().DefaultIfEmpty(0).Max() + 1 : current!.Number);
        // The home known to hold the current generation (one status per folder): the places both generations link are
        // left unread, since they lead through home/files, which is all that changes for them.
        var fromInPlace = from is not null && from != to && HomeInPlaceRecord.Verify(_state.InPlaceRecord, _homeDir, from, _links, home).InPlace;
        var plan = HomeSwitchPlan.Make(home, _links, from, to, extension, fromInPlace);
        if (plan.Collisions.Count > 0)
        {
            throw new EnvException(EnvCode.ENV0912,
                $"The switch stopped before changing anything: {plan.Collisions.Count} place(s) in the home hold files that are not Env.Sdk's:\n  " +
                string.Join("\n  ", plan.Collisions) +
                (extension is null ? "\nMove them away, or switch with -b EXT to move each to PATH.EXT first." : "\nMove the backups or the files away, or choose another -b EXT."),
                _homeDir);
        }
        foreach (var path in plan.LeftAlone)
            _log.Warning(EnvCode.ENV0914, $"~/{path} is left as it is: generation {current!.Number} put it there, and it was changed since (or its folder leads out of the home). Remove it yourself if you do not want it.");
        var changesNothing = !newGeneration && number == current?.Number && plan.ChangesNothing;
        // Compared with the generation the home was at. None before the first switch: every place is added (every OnChange
        // runs, the diff lists everything). Its entry gone from the store: what changed is unknown, so every OnChange runs
        // (running one more is safer than missing one) and no diff is printed.
        var onChange = changesNothing ? [] : HomeOnChange.Due(from?.Manifest, to.Manifest);
        // A dry run lists the commands a real switch would run and runs none (they change what they like).
        var result = new HomeSwitchResult(plan, number, newGeneration, options.DryRun)
        {
            Activations = changesNothing ? [] : to.Manifest.Activations,
            OnChange = onChange,
            Diff = changesNothing || (current is not null && from is null) ? null : HomeGenerationDiff.Between(from?.Manifest, to.Manifest, $"generation {current?.Number}", $"generation {number}"),
        };
        if (changesNothing && !options.DryRun) HomeInPlaceRecord.Write(_state.InPlaceRecord, _homeDir, to);
        if (options.DryRun || changesNothing) return result;

        var journal = new HomeJournal
        {
            ProcessId = Environment.ProcessId,
            From = current,
            To = new HomeGenerationPointer(number, to.Path),
            NewGeneration = newGeneration,
            BackupExtension = extension,
            Backups = plan.Backups,
        };
        Directory.CreateDirectory(_state.GenerationsDir);
        // The record of the home in place goes before the first change: it is written again only once a generation is whole.
        File.Delete(_state.InPlaceRecord);
        AtomicFile.WriteIfChanged(_state.Journal, journal.ToJson());
        var known = from is null ? new[] { to } : [from, to];
        var converger = new HomeConverger(home, _links, BeforeChange, options.Cancellation);
        try
        {
            AtStage?.Invoke("journal");
            if (extension is not null)
            {
                // Recorded before they move, for 'dotnet env uninstall': the journal says them only until the commit.
                HomeBackups.Load(_state.Backups).Add(plan.Backups, extension);
                converger.MoveAside(plan.Backups, extension);
            }
            converger.Converge(to, known, knownInPlace: plan.KnownInPlace);
            AtStage?.Invoke("applied");
            HomeActivationRunner.Run(to, onChange, _homeDir, _log, options.Cancellation);
            options.Cancellation.ThrowIfCancellationRequested();
            AtStage?.Invoke("activated");
            if (newGeneration) Record(number, to, options.Source);
            AtStage?.Invoke("recorded");
            // The commit point: one rename.
            AtomicFile.ReplaceSymlink(_state.CurrentLink, $"generations/{number}-link");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EnvException or OperationCanceledException)
        {
            var back = current is null ? "before the first switch" : $"as generation {current.Number} had it";
            try
            {
                // Going back is never cancelled: it is what leaves the home whole.
                RollBack(journal, known, new HomeConverger(home, _links, BeforeChange));
            }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException or EnvException)
            {
                throw new EnvException(EnvCode.ENV0915,
                    $"The switch failed ({e.Message}), and putting the home back failed too ({again.Message}). The journal {_state.Journal} is kept: fix the cause and run 'dotnet env switch' (or rollback) again, which finishes putting it back first.",
                    _state.Journal, e);
            }
            if (e is OperationCanceledException)
                throw new EnvException(EnvCode.ENV0900, $"Cancelled. Nothing changed: the home is back {back}.", _homeDir, e);
            if (e is EnvException coded)
                throw new EnvException(coded.Code, $"{coded.Message} Nothing changed: the home is back {back}.", coded.File, e);
            throw new EnvException(EnvCode.ENV0915, $"The switch failed: {e.Message} Nothing changed: the home is back {back}.", _homeDir, e);
        }
        EnsureProfileLink();
        File.Delete(_state.Journal);
        HomeInPlaceRecord.Write(_state.InPlaceRecord, _homeDir, to);
        return result;
    }

    /// <summary>The interrupted switch finished (forward or back), or null when there was none.</summary>
    internal sealed record Recovery(HomeGenerationPointer? From, HomeGenerationPointer To, bool Forward);

    internal Recovery? RecoverLocked()
    {
        if (File.Exists(_state.UninstallJournal))
            throw new EnvException(EnvCode.ENV0946,
                $"An uninstall of this home was interrupted ({_state.UninstallJournal} is there). Run 'dotnet env uninstall' to finish it, then switch again.",
                _state.UninstallJournal);
        var journal = HomeJournal.TryLoad(_state.Journal, _store.StoreDir);
        if (journal is null) return null;
        try
        {
            var to = Directory.Exists(journal.To.Entry) ? HomeGenerationEntry.Load(journal.To.Entry) : null;
            var from = journal.From is { } f && Directory.Exists(f.Entry) ? HomeGenerationEntry.Load(f.Entry) : null;
            var known = new[] { from, to }.OfType<HomeGenerationEntry>().ToList();
            var converger = new HomeConverger(new HomeFolders(_homeDir, _state.CreatedFolders), _links, BeforeChange);
            File.Delete(_state.InPlaceRecord);
            converger.SweepTemporaries(journal.ProcessId, known);
            var current = Current();
            var committed = current is not null && current.Number == journal.To.Number && current.Entry == journal.To.Entry;
            if (committed)
            {
                converger.Converge(to, known);
                EnsureProfileLink();
                File.Delete(_state.Journal);
                _log.Info($"Finished the switch to generation {journal.To.Number} that was interrupted.");
            }
            else
            {
                RollBack(journal, known, converger);
                _log.Info($"Put the home back {(journal.From is null ? "as it was before the first switch" : $"as generation {journal.From.Number} had it")}: a switch to generation {journal.To.Number} was interrupted.");
            }
            return new Recovery(journal.From, journal.To, committed);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EnvException)
        {
            var between = journal.From is null ? $"between no generation and generation {journal.To.Number}" : $"between generations {journal.From.Number} and {journal.To.Number}";
            throw new EnvException(EnvCode.ENV0924,
                $"A switch to generation {journal.To.Number} was interrupted, and finishing it failed: {(e is EnvException c ? $"{c.Code}: " : "")}{e.Message} The home may be {between}; the journal {_state.Journal} is kept. Fix the cause (a permission, a full disk, a file in the way), then run 'dotnet env generations' (or switch, or rollback): it finishes first.",
                _state.Journal, e);
        }
    }

    /// <summary>
    /// A generation made for another state folder or home is refused before anything changes: its session names a PATH
    /// entry that the profile link this switch keeps never makes (ENV0927), or a file of it would be in this switch's own
    /// state folder or store (ENV0928). The build checked its own folders; these are the switch's.
    /// </summary>
    private void CheckFolders(HomeGenerationEntry to)
    {
        var reserved = new[] { (Dir: Path.GetDirectoryName(_state.HomeDir)!, What: "the state folder"), (Dir: _store.StoreDir, What: "the store") };
        foreach (var (dir, what) in reserved)
        {
            if (HomeReservedPlace.Of(_homeDir, dir) is not { } place) continue;
            if (to.Manifest.Files.FirstOrDefault(f => HomeReservedPlace.Overlaps(f.Path, place)) is { } file)
                throw new EnvException(EnvCode.ENV0928,
                    $"Generation {to.Path} puts ~/{HomePath.Printable(file.Path)} in or in place of {what} this switch uses ({dir}, ~/{place}). Nothing was changed. It was built with another state folder, store or HOME: give the HomeFile another Include, or build and switch with the same EnvStateDir (XDG_STATE_HOME), ENVSDK_STORE and HOME.",
                    to.Path);
        }
        var ours = Path.GetDirectoryName(_state.HomeDir)!;
        if (to.Manifest.StateDir is { } built && !string.Equals(Path.TrimEndingDirectorySeparator(built), ours, StringComparison.Ordinal))
            throw new EnvException(EnvCode.ENV0927,
                $"Generation {to.Path} was built for the state folder {PrintableText.Of(built)}: its session puts {PrintableText.Of(built)}/home/profile/bin on PATH, but this switch keeps the profile link in {ours}, so that entry would never exist. Nothing was changed. Build with the state folder 'dotnet env' uses (remove EnvStateDir from env.proj, or run with the same XDG_STATE_HOME), then switch again.",
                to.Path);
    }

    /// <summary>A state folder or home that cannot be read or written is a coded error naming it, never a stack trace.</summary>
    private T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EnvException(EnvCode.ENV0925,
                $"The home switch could not read or write a file: {e.Message} Check the permissions of the home ({_homeDir}) and of the state folder ({_state.HomeDir}), then run the command again; a switch under way was put back or kept its journal.",
                _state.HomeDir, e);
        }
    }

    /// <summary>Back to the journal's old generation: backups first (they were the user's), then every other place, then the new record forgotten.</summary>
    private void RollBack(HomeJournal journal, IReadOnlyList<HomeGenerationEntry> known, HomeConverger converger)
    {
        var from = journal.From is null ? null : known.FirstOrDefault(g => g.Path == journal.From.Entry)
            ?? throw new EnvException(EnvCode.ENV0919, $"The home cannot be put back: generation {journal.From.Number}'s entry {journal.From.Entry} is not in the store.", journal.From.Entry);
        if (journal.BackupExtension is { } ext)
        {
            converger.RestoreBackups(journal.Backups, ext, known);
            HomeBackups.Load(_state.Backups).Remove(journal.Backups, ext);
        }
        converger.Converge(from, known, journal.Backups.ToHashSet(StringComparer.Ordinal), leaveUserFiles: true);
        if (journal.NewGeneration && Current()?.Number != journal.To.Number) Forget(journal.To.Number);
        File.Delete(_state.Journal);
    }

    private void Record(int number, HomeGenerationEntry to, GenerationSource? source)
    {
        var record = new GenerationRecord(number, to.Path, DateTimeOffset.UtcNow, to.Manifest.Configuration, source);
        AtomicFile.WriteIfChanged(_state.GenerationRecord(number), record.ToJson());
        AtomicFile.ReplaceSymlink(_state.GenerationLink(number), to.Path);
        // The store keeps what a kept generation's link reaches; expiring a generation removes the link, and the root dangles.
        GcRoots.Register(_store, _state.GenerationLink(number), $"home-generation-{number}");
    }

    private void Forget(int number)
    {
        File.Delete(_state.GenerationLink(number));
        File.Delete(_state.GenerationRecord(number));
    }

    /// <summary><c>home/profile</c> → <c>current/profile</c>, made once: a switch changes what it reaches by swapping <c>current</c>.</summary>
    private void EnsureProfileLink()
    {
        const string target = "current/" + HomeGeneration.ProfileFolder;
        if (new FileInfo(_state.ProfileLink).LinkTarget != target) AtomicFile.ReplaceSymlink(_state.ProfileLink, target);
    }

    private HomeGenerationEntry? LoadFrom(HomeGenerationPointer current)
    {
        if (Directory.Exists(current.Entry)) return HomeGenerationEntry.Load(current.Entry);
        _log.Warning(EnvCode.ENV0971, $"Generation {current.Number}'s entry {current.Entry} is no longer in the store: its files in the home are replaced where the new generation has them, and left where it does not.");
        return null;
    }

    private string? GenerationEntry(int number) => new FileInfo(_state.GenerationLink(number)).LinkTarget;

    internal IReadOnlyList<int> Numbers()
    {
        if (!Directory.Exists(_state.GenerationsDir)) return [];
        return Directory.EnumerateFileSystemEntries(_state.GenerationsDir, "*-link")
            .Select(p => Path.GetFileName(p)[..^5])
            .Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
            .Where(n => n > 0).Order().ToList();
    }

    private static string Describe(IReadOnlyList<int> numbers) => numbers.Count == 0 ? "none" : string.Join(", ", numbers);
}
