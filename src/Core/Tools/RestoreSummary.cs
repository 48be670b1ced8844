using Env.Core.Fetching;
using Env.Core.Locking;

namespace Env.Core.Tools;

/// <summary>
/// What one restore changed, in a line a user reads at the end of a build: tools added to the store (with
/// versions), versions that moved, tools the lock dropped, bytes downloaded, and whether the lock was written.
/// MSBuild's terminal logger shows almost nothing a task logs, so this line is what a build ends with.
/// </summary>
public sealed record RestoreSummary
{
    public IReadOnlyList<string> Installed { get; init; } = [];

    /// <summary>"name old → new".</summary>
    public IReadOnlyList<string> Updated { get; init; } = [];

    public IReadOnlyList<string> Removed { get; init; } = [];

    public long BytesDownloaded { get; init; }

    public bool LockWritten { get; init; }

    public bool IsEmpty => Installed.Count == 0 && Updated.Count == 0 && Removed.Count == 0 && BytesDownloaded == 0 && !LockWritten;

    /// <param name="installed">(tool, version) pairs added to the store by this restore.</param>
    public static RestoreSummary Compare(LockFile before, LockFile after, IEnumerable<(string Tool, string Version)> installed, TransferTotals totals, bool lockWritten)
    {
        var moved = (from t in after.Tools
                     from r in t.Value
                     let old = before.Find(t.Key, r.Key)
                     where old is not null && old.Version != r.Value.Version
                     select (Tool: t.Key, From: old.Version, To: r.Value.Version)).ToList();
        var updatedTools = moved.Select(m => m.Tool).ToHashSet(StringComparer.Ordinal);
        // New to the env: added to the store now, or new in the lock though another env had put it in the store.
        var fromStore = installed.Select(i => i.Tool).ToHashSet(StringComparer.Ordinal);
        var newInLock = after.Tools.Where(t => !before.Tools.ContainsKey(t.Key) && !fromStore.Contains(t.Key))
            .SelectMany(t => t.Value.Values.Select(e => (Tool: t.Key, e.Version)));
        var added = installed.Concat(newInLock).Where(i => !updatedTools.Contains(i.Tool)).Select(i => $"{i.Tool} {i.Version}");
        return new RestoreSummary
        {
            Installed = added.Distinct().Order(StringComparer.Ordinal).ToList(),
            Updated = moved.Select(m => $"{m.Tool} {m.From} → {m.To}").Distinct().Order(StringComparer.Ordinal).ToList(),
            Removed = before.Tools.Keys.Where(t => !after.Tools.ContainsKey(t)).Order(StringComparer.Ordinal).ToList(),
            BytesDownloaded = totals.Bytes,
            LockWritten = lockWritten,
        };
    }

    /// <summary>
    /// One line without '/': the terminal logger shows it after the project's output path, and makes a link of
    /// the folder part of that path, which a slash in this text would move.
    /// </summary>
    public override string ToString()
    {
        if (IsEmpty) return "up to date";
        var parts = new List<string>();
        if (Installed.Count > 0) parts.Add("installed " + string.Join(", ", Installed));
        if (Updated.Count > 0) parts.Add("updated " + string.Join(", ", Updated));
        if (Removed.Count > 0) parts.Add("removed " + string.Join(", ", Removed));
        if (BytesDownloaded > 0) parts.Add(TransferProgress.Size(BytesDownloaded) + " downloaded");
        if (LockWritten) parts.Add("lock written");
        return string.Join("; ", parts).Replace('/', '∕');
    }
}
