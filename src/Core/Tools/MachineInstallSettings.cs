using Env.Core.Fetching;

namespace Env.Core.Tools;

/// <summary>
/// The machine's part of <see cref="InstallSettings"/>: the ENVSDK_* variables as text, read once at an edge (the restore
/// task, the CLI's settings) and handed to Core as values, so nothing in Core depends on the process environment.
/// </summary>
/// <param name="Mirrors">ENVSDK_MIRRORS: hashed mirrors (white space or ';' between them), tried before env.proj's.</param>
/// <param name="Substitutes">ENVSDK_SUBSTITUTES: NuGet sources holding archives by hash, asked before env.proj's.</param>
/// <param name="Offline">ENVSDK_OFFLINE: <c>1</c>/<c>true</c> restores only from the store and the caches.</param>
/// <param name="DownloadTimeout">ENVSDK_DOWNLOAD_TIMEOUT: EnvDownloadTimeout's default, in seconds.</param>
/// <param name="StallTimeout">ENVSDK_STALL_TIMEOUT: seconds a transfer may go without a byte.</param>
public sealed record MachineInstallSettings(string? Mirrors, string? Substitutes, string? Offline, string? DownloadTimeout, string? StallTimeout)
{
    public const string StallTimeoutVariable = "ENVSDK_STALL_TIMEOUT";

    public const string MirrorsVariable = HashedMirrors.Variable;
    public const string SubstitutesVariable = "ENVSDK_SUBSTITUTES";
    public const string OfflineVariable = FetchSources.OfflineVariable;
    public const string DownloadTimeoutVariable = "ENVSDK_DOWNLOAD_TIMEOUT";

    public static MachineInstallSettings None { get; } = new(null, null, null, null, null);

    /// <summary>Reads the variables through <paramref name="variable"/>: the edge passes its environment in.</summary>
    public static MachineInstallSettings Read(Func<string, string?> variable) =>
        new(variable(MirrorsVariable), variable(SubstitutesVariable), variable(OfflineVariable), variable(DownloadTimeoutVariable), variable(StallTimeoutVariable));

    /// <summary>The variable's sources are split on white space and ';' (an item of env.proj is one source as written).</summary>
    internal static string[] Split(string? value) =>
        (value ?? "").Split([' ', '\t', '\r', '\n', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
