using Env.Core.Nix;

namespace Env.Core.Fetching;

/// <summary>
/// Places other than a tool's URL that may hold its archive by hash, asked before the URL (EnvSubstitute: NuGet feeds a
/// team already runs). The fetcher verifies what a substitute writes, so a substitute need not be trusted.
/// </summary>
public interface IArchiveSubstitutes
{
    /// <summary>
    /// Writes the file with <paramref name="hash"/> to <paramref name="destination"/> (at most <paramref name="maxBytes"/>
    /// bytes). Returns where it came from, for the log (no credentials), or null when no substitute has it. A substitute
    /// that fails is a miss, reported through the log, never an error: the URL still follows.
    /// </summary>
    Task<string?> TryFetchAsync(string what, ContentHash hash, string destination, long maxBytes, CancellationToken ct);
}
