namespace Env.Core.Archives;

/// <summary>How to unpack one archive.</summary>
/// <param name="DisplayName">The archive's name or URL as the user knows it; every error message names it.</param>
/// <param name="MaxUnpackedBytes">Upper bound on the bytes written to disk, counted while copying (headers are never trusted).</param>
/// <param name="StripRoot">Make a single top-level directory the root, as nixpkgs fetchzip / fetchTarball do.</param>
public sealed record ExtractionOptions(string DisplayName, long MaxUnpackedBytes, bool StripRoot);
