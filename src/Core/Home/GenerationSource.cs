namespace Env.Core.Home;

/// <summary>
/// Where a generation was built from, for <c>dotnet env generations</c>: the project file, and when known the git
/// repository's URL (a <c>--from</c> switch) and commit (with <see cref="Dirty"/> when the checkout had changes).
/// </summary>
public sealed record GenerationSource(string? Project, string? Url = null, string? Commit = null, bool Dirty = false);
