namespace Env.Core.Shell;

/// <summary>A file the env was built from and its SHA-256 (lowercase hex) then; null when it did not exist (a lock not yet written).</summary>
public sealed record ManifestInput(string Path, string? Sha256);
