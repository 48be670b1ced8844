namespace Env.Core.Home;

/// <summary>
/// One file of a generation before it is staged: its place in the home folder, how it is put there, and where its
/// content comes from: a file at its real path inside the project (every link followed and checked), or inline text.
/// </summary>
public sealed record HomeFileSource(string Path, HomeFileMode Mode, bool Executable, string? RealFile, byte[]? Text, long Size);
