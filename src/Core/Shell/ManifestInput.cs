namespace Env.Core.Shell;

/// <summary>
/// A file the env was built from: its SHA-256 (lowercase hex) then, null when it did not exist (a lock not yet
/// written); and its size and modification time, which let a check skip hashing a file that was not touched.
/// </summary>
public sealed record ManifestInput(string Path, string? Sha256, long Size = -1, long ModifiedTicks = 0);
