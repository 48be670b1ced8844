using Env.Core.Model;
namespace Env.Core.Tools;

public sealed record RestoreOptions
{
    /// <summary>Fail instead of resolving when env.proj and the lock disagree (CI).</summary>
    public bool Locked { get; init; }

    /// <summary>
    /// Ask the feeds again for floating versions and ranges, and install what changed. An exact version whose lock
    /// entry matches is left alone (no feed is asked); a floating one that resolves to the locked version is not
    /// downloaded again.
    /// </summary>
    public bool Update { get; init; }

    /// <summary>With <see cref="Update"/>: only these tools (EnvUpdateTools); empty means all.</summary>
    public IReadOnlyList<string> UpdateTools { get; init; } = [];

    /// <summary>
    /// Resolve every platform's items, not only this machine's, so the lock serves the whole team. With
    /// <see cref="Update"/> (EnvUpdateAllPlatforms, what <c>dotnet env update</c> runs): only for the tools it updates.
    /// </summary>
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

    /// <summary>
    /// Resolve only from the store and the download cache (and local files): no HTTP, no NuGet feed (EnvOffline,
    /// --offline, ENVSDK_OFFLINE). What is missing fails the restore before anything is written (ENV0120), naming each
    /// tool; floating versions resolve only from the lock. The fetchers are made offline too (<see cref="Env.Core.Fetching.FetchSources.Offline"/>).
    /// </summary>
    public bool Offline { get; init; }

    /// <summary>Whether this run asks the feeds again for <paramref name="spec"/>'s version.</summary>
    public bool Updates(ToolSpec spec) =>
        Update && !spec.IsArchive && !IsExactVersion(spec)
        && (UpdateTools.Count == 0 || UpdateTools.Contains(spec.Name, StringComparer.OrdinalIgnoreCase));

    /// <summary>
    /// Whether <paramref name="spec"/>'s tool is locked for every platform in this run: <see cref="AllPlatforms"/>, and in an
    /// update only the tools it updates (the others keep their lock entries, and nothing of theirs is fetched for another platform).
    /// </summary>
    public bool LocksAllPlatforms(ToolSpec spec) =>
        AllPlatforms && (!Update || UpdateTools.Count == 0 || UpdateTools.Contains(spec.Name, StringComparer.OrdinalIgnoreCase));

    /// <summary>An exact version pins one package; asking a feed about it could only say the same.</summary>
    private static bool IsExactVersion(ToolSpec spec) => global::NuGet.Versioning.NuGetVersion.TryParse(spec.Version?.Trim(), out _);
}
