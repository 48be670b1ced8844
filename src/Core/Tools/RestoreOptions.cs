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

    /// <summary>
    /// With <see cref="AllPlatforms"/>: the platforms whose RID-specific tool packages are locked (EnvLockRuntimeIdentifiers);
    /// empty means every platform a tool offers. This machine's is always included.
    /// </summary>
    public IReadOnlyList<string> LockRids { get; init; } = [];

    /// <summary>The lock, named by errors about it.</summary>
    public string? LockPath { get; init; }

    /// <summary>Where <see cref="AllPlatforms"/> records what could not be locked for another platform.</summary>
    public LockGaps Gaps { get; init; } = new();

    public int Parallelism { get; init; } = 4;
}
