namespace Env.Core.Home;

/// <summary>What a switch did: the plan it followed, the generation the home is at now, and whether that one is new.</summary>
public sealed record HomeSwitchResult(HomeSwitchPlan Plan, int Generation, bool NewGeneration, bool DryRun)
{
    /// <summary>A rollback that undid an interrupted switch to this generation instead (the home is at <see cref="Generation"/>, 0: before the first switch).</summary>
    public int? UndidInterrupted { get; init; }

    /// <summary>
    /// The <c>HomeActivation</c> commands this switch ran, in order; with <see cref="DryRun"/>, the ones it would run (and
    /// did not). None when the switch changed nothing, which runs none.
    /// </summary>
    public IReadOnlyList<HomeActivationEntry> Activations { get; init; } = [];

    /// <summary>The <c>OnChange</c> commands this switch ran (or, with <see cref="DryRun"/>, would run), before the activations.</summary>
    public IReadOnlyList<HomeOnChangeEntry> OnChange { get; init; } = [];

    /// <summary>What the switch changed between the generation the home was at and this one; null when it changed nothing, or when the old one's entry is gone.</summary>
    public HomeGenerationDiff? Diff { get; init; }

    /// <summary>True when nothing in the home or the state folder changed.</summary>
    public bool ChangedNothing => Plan.ChangesNothing && !NewGeneration;
}
