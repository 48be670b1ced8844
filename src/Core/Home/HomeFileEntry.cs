namespace Env.Core.Home;

/// <summary>
/// One file of a home generation: where it goes (<see cref="Path"/>, relative to the home folder, '/'-separated and
/// checked by <see cref="HomePath"/>), how, and the SHA-256 (lowercase hex) and size of its content in the entry's
/// <c>files/</c>.
/// </summary>
public sealed record HomeFileEntry(string Path, HomeFileMode Mode, bool Executable, string Sha256, long Size);
