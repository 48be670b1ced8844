using Env.Core.Diagnostics;
using Env.Core.Fetching;
using Env.Core.Locking;
using Env.Core.Model;
using Env.Core.Profiles;
using Env.Core.Store;

namespace Env.Core.Tools;

/// <summary>
/// The restore phase, with the promise <c>dotnet restore</c> makes for packages: every tool item of this platform (or all
/// platforms) made real in the store, in parallel, and the lock rewritten to say exactly what was used. Lock entries of
/// other platforms are kept while their items are unchanged, so a Linux build never drops what a Mac build recorded.
/// <list type="number">
/// <item>Check: locked mode (env.proj and the lock agree, ENV0503, also about the tools a platform does not have),
/// <c>EnvUpdateTools</c> (ENV0038), and offline, every missing tool named at once (ENV0120) before anything is fetched.</item>
/// <item>Install (<see cref="ToolInstaller"/>): each tool from its lock entry when it still matches, else resolved anew;
/// fetched, verified and added to the store (<see cref="EnvStore"/>).</item>
/// <item>Check the result: this platform's commands must make a profile (<see cref="CommandResolver"/>).</item>
/// <item>Return the new lock, with the tools absent on this platform (or, for <c>-t:EnvLock</c>, on each platform it locks)
/// recorded; the caller writes it (whole, only when changed).</item>
/// </list>
/// A failure reports every tool that failed, not only the first, and returns no lock: the old one stays as it was.
/// What was added to the store stays (entries are complete or absent), for the next restore to reuse.
/// </summary>
public sealed class EnvRestorer
{
    private readonly ToolInstaller _installer;
    private readonly EnvStore _store;
    private readonly IEnvLog _log;

    public EnvRestorer(ToolInstaller installer, EnvStore store, IEnvLog log)
    {
        _installer = installer;
        _store = store;
        _log = log;
    }

    /// <summary>The tools (name, version) the last <see cref="RestoreAsync"/> added to the store.</summary>
    public IReadOnlyList<(string Tool, string Version)> Installed { get; private set; } = [];

    /// <returns>The new lock (not yet saved).</returns>
    public async Task<LockFile> RestoreAsync(IReadOnlyList<ToolSpec> specs, LockFile current, string lockPath, RestoreOptions options, CancellationToken ct)
    {
        options = options with { LockPath = lockPath };
        var groups = ToolSelection.GroupByTool(specs);
        var platforms = new PlatformSurvey(specs);
        // The platforms whose absent tools this restore records: this machine's, and for -t:EnvLock every one it locks.
        // This machine's own tools must all be there (ENV0005), except under -t:EnvLock, which reports gaps per platform.
        var choices = options.AllPlatforms
            ? options.LockRids.Append(options.Rid).Distinct(StringComparer.OrdinalIgnoreCase).Select(platforms.Of).ToList()
            : [ToolSelection.Choose(specs, options.Rid)];
        var wanted = Wanted(specs, groups, options);

        if (options.Locked)
            CheckLocked(groups, current, wanted, choices, platforms, lockPath);
        CheckUpdateTools(groups, options, specs.FirstOrDefault()?.DeclaredIn);

        // The image's base pins are the PublishContainer target's (Image/BaseImagePin): kept as they are.
        var next = new LockFile { ContainerBaseImages = new(current.ContainerBaseImages, StringComparer.Ordinal) };
        // Keep other platforms' entries whose items did not change.
        foreach (var spec in groups.SelectMany(g => g))
        {
            // An update keeps them too: the installer asks the feeds only about the tools it updates, and keeps an
            // entry whose version the feeds still pick.
            if (current.Find(spec.Name, spec.LockRid) is { } entry && LockMatch.Matches(spec, entry))
                next.Set(spec.Name, spec.LockRid, entry);
        }
        // And the absences other platforms recorded that env.proj still says; then this restore's own.
        foreach (var (tool, rids) in current.Absent)
            foreach (var rid in rids.Where(r => platforms.Of(r).Absent.Contains(tool, StringComparer.Ordinal)))
                next.SetAbsent(tool, rid);
        foreach (var choice in choices)
        {
            foreach (var tool in choice.Absent) next.SetAbsent(tool, choice.Rid);
            foreach (var group in choice.Uncovered)
                options.Gaps.Add(choice.Rid, $"{group[0].Name} has no item for it (it offers {string.Join(", ", group.Select(s => s.LockRid))}; mark it Optional=\"true\" if it does not exist there)");
        }

        if (options.Offline) CheckOffline(wanted, next, options, lockPath);

        using var gate = new SemaphoreSlim(options.Parallelism);
        var tasks = wanted.Select(async spec =>
        {
            await gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                var locked = next.Find(spec.Name, spec.LockRid);
                return (spec, entry: await _installer.InstallAsync(spec, locked, options, ct).ConfigureAwait(false));
            }
            finally
            {
                gate.Release();
            }
        }).ToList();

        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch
        {
            // Report every tool's failure, not only the first one's.
            var failures = tasks.Where(t => t.IsFaulted).SelectMany(t => t.Exception!.InnerExceptions).ToList();
            if (failures.Count > 1) throw new AggregateException(failures);
            throw;
        }

        var added = _store.Added.ToHashSet(StringComparer.Ordinal);
        var installed = new List<(string, string)>();
        foreach (var (spec, entry) in tasks.Select(t => t.Result))
        {
            if (current.Find(spec.Name, spec.LockRid) is { } old && old.Version != entry.Version)
                _log.Info($"{spec.Name}: {old.Version} → {entry.Version}");
            next.Set(spec.Name, spec.LockRid, entry);
            if (added.Contains(entry.StorePath) || (entry.RuntimePackages?.Values.Any(r => added.Contains(r.StorePath)) ?? false))
                installed.Add((spec.Name, options.LocksAllPlatforms(spec) ? $"{entry.Version} ({spec.LockRid})" : entry.Version));
        }
        Installed = installed;

        options.Gaps.Report(_log, lockPath);

        // Fail here, before the lock is written, when this platform's tools would not make a profile (an update's
        // build phase makes it next; -t:EnvLock makes none).
        if (options.AllPlatforms && !options.Update) return next;
        var here = ToolSelection.ForPlatform(specs, options.Rid);
        CommandResolver.ResolveAll(here.Select(s => (s, next.Find(s.Name, s.LockRid)!)), _store.Layout, options.Rid, here.FirstOrDefault()?.DeclaredIn);
        return next;
    }

    /// <summary>
    /// The items this restore installs: this platform's; every platform's for -t:EnvLock; in an update for every platform
    /// (<see cref="RestoreOptions.LocksAllPlatforms"/>), this platform's and every platform's of the tools it updates.
    /// </summary>
    private static List<ToolSpec> Wanted(IReadOnlyList<ToolSpec> specs, IReadOnlyList<IReadOnlyList<ToolSpec>> groups, RestoreOptions options)
    {
        if (!options.AllPlatforms) return ToolSelection.ForPlatform(specs, options.Rid).ToList();
        if (!options.Update) return groups.SelectMany(g => g).ToList();
        var here = ToolSelection.ForPlatform(specs, options.Rid);
        return groups.SelectMany(g => g).Where(s => here.Contains(s) || options.LocksAllPlatforms(s)).ToList();
    }

    /// <summary>Offline: every missing tool named at once (ENV0120), before anything is fetched or written.</summary>
    private void CheckOffline(IReadOnlyList<ToolSpec> wanted, LockFile next, RestoreOptions options, string lockPath)
    {
        var projectFile = wanted.FirstOrDefault()?.DeclaredIn;
        if (options.Update)
        {
            throw new EnvException(EnvCode.ENV0124,
                "An update asks the feeds for new versions, and this restore is offline (EnvOffline, --offline or ENVSDK_OFFLINE). Update online, or build offline without -t:EnvUpdate.",
                projectFile);
        }
        var gaps = wanted.Select(s => _installer.MissingOffline(s, next.Find(s.Name, s.LockRid))).OfType<OfflineGap>().ToList();
        if (gaps.Count > 0) throw OfflineGap.Error(gaps, projectFile ?? lockPath);
    }

    private static void CheckUpdateTools(IReadOnlyList<IReadOnlyList<ToolSpec>> groups, RestoreOptions options, string? projectFile)
    {
        var unknown = options.UpdateTools.Where(t => !groups.Any(g => string.Equals(g[0].Name, t, StringComparison.OrdinalIgnoreCase))).ToList();
        if (unknown.Count > 0)
        {
            throw new EnvException(EnvCode.ENV0038,
                $"EnvUpdateTools names {string.Join(", ", unknown.Select(t => $"'{t}'"))}, which env.proj does not declare. Tools: {string.Join(", ", groups.Select(g => g[0].Name))}.",
                projectFile);
        }
    }

    private static void CheckLocked(IReadOnlyList<IReadOnlyList<ToolSpec>> groups, LockFile current, IReadOnlyList<ToolSpec> wanted,
        IReadOnlyList<PlatformChoice> choices, PlatformSurvey platforms, string lockPath)
    {
        var problems = new List<string>();
        foreach (var spec in wanted)
        {
            var entry = current.Find(spec.Name, spec.LockRid);
            if (entry is null) problems.Add($"'{spec.Name}' ({spec.LockRid}) is not in the lock");
            else if (!LockMatch.Matches(spec, entry)) problems.Add($"'{spec.Name}' ({spec.LockRid}) differs between env.proj and the lock");
        }
        foreach (var choice in choices)
            foreach (var tool in choice.Absent.Where(t => !current.IsAbsent(t, choice.Rid)))
                problems.Add($"'{tool}' is absent on {choice.Rid} (env.proj), which the lock does not record");
        var declared = groups.SelectMany(g => g).Select(s => (s.Name, s.LockRid)).ToHashSet();
        foreach (var (tool, byRid) in current.Tools)
            foreach (var rid in byRid.Keys)
                if (!declared.Contains((tool, rid))) problems.Add($"the lock has '{tool}' ({rid}), which env.proj no longer declares");
        foreach (var (tool, rids) in current.Absent)
            foreach (var rid in rids.Where(r => !platforms.Of(r).Absent.Contains(tool, StringComparer.Ordinal)))
                problems.Add($"the lock records '{tool}' as absent on {rid}, which env.proj no longer says");
        if (problems.Count > 0)
        {
            throw new EnvException(EnvCode.ENV0503,
                $"Locked mode: env.proj and {Path.GetFileName(lockPath)} disagree: {string.Join("; ", problems)}. Run 'dotnet build' (or -t:EnvLock for every platform) without EnvLockedMode and commit the lock.",
                lockPath);
        }
    }
}
