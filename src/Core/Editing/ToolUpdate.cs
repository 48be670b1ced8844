namespace Env.Core.Editing;

/// <summary>What <c>dotnet env update</c> does to one tool.</summary>
public enum ToolUpdateKind
{
    /// <summary>At the newest version its Version allows, and locked so: nothing to do.</summary>
    Current,

    /// <summary>An exact Version moves to a newer one: env.proj changes, and the lock with it.</summary>
    Edited,

    /// <summary>
    /// Only the lock changes: a floating Version or range resolves to another version now, or the lock does not have the
    /// version env.proj asks for (a bot changed env.proj, the lock did not follow).
    /// </summary>
    Relocked,

    /// <summary>Not updatable by version (an archive pinned by Url and Hash, a tool set's tool, an item the editor may not change): said, not done.</summary>
    Skipped,
}

/// <summary>One tool's line in <c>dotnet env update</c>'s plan.</summary>
/// <param name="From">The version in use (the locked one, else env.proj's), or null when there is none yet.</param>
/// <param name="To">The version after the update; null when skipped.</param>
/// <param name="Note">Why it is skipped, or what else to know (a newer version outside a range).</param>
public sealed record ToolUpdate(string Name, ToolUpdateKind Kind, string? Requested, string? From, string? To, string? Note)
{
    public bool Changes => Kind is ToolUpdateKind.Edited or ToolUpdateKind.Relocked;
}
