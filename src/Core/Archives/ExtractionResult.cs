namespace Env.Core.Archives;

/// <summary>What an extraction produced.</summary>
/// <param name="UnpackedBytes">Bytes of file content written (hard-link copies included).</param>
/// <param name="FileCount">Regular files written (hard-link copies included; directories and symlinks are not counted).</param>
/// <param name="RootStripped">True when the archive's single top-level directory became the root.</param>
public sealed record ExtractionResult(long UnpackedBytes, int FileCount, bool RootStripped);
