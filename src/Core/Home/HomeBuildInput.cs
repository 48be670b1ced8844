namespace Env.Core.Home;

/// <summary>What a home env's build takes beyond a dev shell's: its HomeFile and HomeActivation items, parsed, and where they may go.</summary>
/// <param name="Configuration">The home configuration chosen (HomeConfiguration), or null.</param>
/// <param name="HomeDir">The home folder: a HomeFile may not be in the store or the state folder when those are in it.</param>
/// <param name="MaxBytes">The most bytes the home files may hold together (EnvMaxUnpackedSize).</param>
public sealed record HomeBuildInput(IReadOnlyList<HomeFileSpec> Files, IReadOnlyList<HomeActivationEntry> Activations, string? Configuration, string HomeDir, long MaxBytes);
