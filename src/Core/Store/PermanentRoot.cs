namespace Env.Core.Store;

/// <summary>
/// One root in <c>.roots/</c>: the link it names (a dev shell's <c>profile</c>, a home generation link, a home env's
/// <c>result</c>), the entry that link leads to now (null when none), and whether the link itself is gone.
/// </summary>
public sealed record PermanentRoot(string RootPath, string Link, string? Entry, bool Dangling);
