namespace Env.Core.Editing;

/// <summary>One package tool of env.proj against its feeds, as <c>dotnet env outdated</c> shows it.</summary>
/// <param name="Rids">The Rids of the items this row stands for (one row per tool, package and requested version); empty for none.</param>
/// <param name="Requested">The version env.proj asks for (exact, floating or a range).</param>
/// <param name="Locked">The version env.lock.json pins, or null when the tool is not locked yet.</param>
/// <param name="Wanted">The version the request resolves to on the feeds now (what <c>-t:EnvUpdate</c> would take); the request itself when exact.</param>
/// <param name="Latest">The newest version on the feeds (stable, unless prereleases were asked for).</param>
/// <param name="IsOutdated">Latest is newer than the version in use (the locked one, else what the request resolves to).</param>
/// <param name="Problem">Why the feeds could not answer for this tool (<c>ENVnnnn: message</c>), or null.</param>
public sealed record OutdatedTool(string Name, string Package, IReadOnlyList<string> Rids, string Requested, string? Locked, string? Wanted, string? Latest, bool IsOutdated, string? Problem);
