namespace Env.Core.Archives;

/// <summary>How to unpack one archive.</summary>
/// <param name="DisplayName">The archive's name or URL as the user knows it; every error message names it.</param>
/// <param name="MaxUnpackedBytes">Upper bound on the bytes written to disk, counted while copying (headers are never trusted).</param>
/// <param name="StripRoot">Make a single top-level directory the root, as nixpkgs fetchzip / fetchTarball do.</param>
/// <param name="ReportedFile">
/// The file errors name (env.proj, which pinned the archive); the archive's own path when null. The download cache's
/// file name means nothing to a user, so callers that know the project pass it.
/// </param>
/// <param name="UnescapeNames">
/// Zip entry names are percent-encoded (a .nupkg stores <c>a+b.dll</c> as <c>a%2Bb.dll</c>), decoded as NuGet does.
/// The safety policy applies to the decoded name, so <c>%2E%2E/</c> is refused like <c>../</c>.
/// </param>
public sealed record ExtractionOptions(string DisplayName, long MaxUnpackedBytes, bool StripRoot, bool UnescapeNames = false, string? ReportedFile = null);
