namespace Env.Core.Home;

/// <summary>What a switch did: the plan it followed, the generation the home is at now, and whether that one is new.</summary>
public sealed record HomeSwitchResult(HomeSwitchPlan Plan, int Generation, bool NewGeneration, bool DryRun)
{
    /// <summary>True when nothing in the home or the state folder changed.</summary>
    public bool ChangedNothing => Plan.ChangesNothing && !NewGeneration;
}
