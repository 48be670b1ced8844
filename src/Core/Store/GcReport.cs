namespace Env.Core.Store;

/// <summary>
/// What a collection removed (or, with dry run, would remove): entries by name, the bytes that freed (files no other
/// name keeps, and <c>.links</c> files nothing uses any more), roots dropped because their link is gone, and what stayed.
/// </summary>
public sealed record GcReport
{
    public required bool DryRun { get; init; }
    public required IReadOnlyList<string> Removed { get; init; }
    public required long FreedBytes { get; init; }
    public required IReadOnlyList<PermanentRoot> DroppedRoots { get; init; }
    public required int Kept { get; init; }
    public required int Roots { get; init; }
    public required int LivingHolds { get; init; }
    public required int DeadProcessRecords { get; init; }
    public required int StaleLocks { get; init; }
    public required int AbandonedStaging { get; init; }
    public required int UnusedLinks { get; init; }
}
