namespace Env.Core.Tools;

public sealed record RestoreOptions
{
    /// <summary>Fail instead of resolving when env.proj and the lock disagree (CI).</summary>
    public bool Locked { get; init; }

    /// <summary>Re-resolve floating package versions, ignoring what the lock pinned.</summary>
    public bool Update { get; init; }

    /// <summary>Resolve every platform's items, not only this machine's, so the lock serves the whole team.</summary>
    public bool AllPlatforms { get; init; }

    public required string Rid { get; init; }

    public int Parallelism { get; init; } = 4;
}
