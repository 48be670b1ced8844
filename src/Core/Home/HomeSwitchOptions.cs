namespace Env.Core.Home;

/// <param name="BackupExtension">-b EXT: move each user file in the way to PATH.EXT instead of stopping.</param>
/// <param name="Source">Where the generation was built from, recorded with a new generation.</param>
/// <param name="DryRun">Plan and report; change nothing.</param>
/// <param name="Cancellation">Ctrl+C: checked before each change; a cancelled switch puts the home back (ENV0900).</param>
public sealed record HomeSwitchOptions(string? BackupExtension = null, GenerationSource? Source = null, bool DryRun = false, CancellationToken Cancellation = default);
