using Env.Core.Locking;

namespace Env.Core.Run;

/// <summary>
/// What one request of <c>dotnet env run</c> resolved to on this machine: the tool's lock entry (as env.lock.json pins a
/// tool, so a missing store entry is rebuilt exactly, hashes checked), the command to start, and for a tool of a tool set
/// the set's package.
/// </summary>
public sealed record RunLockEntry
{
    /// <summary>The platform it was resolved for; another platform's entry is not used.</summary>
    public required string Rid { get; init; }

    /// <summary>The tool name its store entries are named by.</summary>
    public required string Tool { get; init; }

    public required LockEntry Entry { get; init; }

    public required RunCommand Command { get; init; }

    /// <summary>The tool set package the tool was defined in, for <c>SET@VERSION#tool</c>.</summary>
    public LockEntry? ToolSet { get; init; }

    /// <summary>When it was resolved (UTC), for the user reading the file.</summary>
    public DateTime Resolved { get; init; }

    /// <summary>Every store entry a run of it needs: held while it runs, so a concurrent gc leaves them.</summary>
    public IReadOnlyList<string> StoreEntries() =>
        [Entry.StorePath, .. (Entry.RuntimePackages ?? []).Values.Select(r => r.StorePath)];
}
