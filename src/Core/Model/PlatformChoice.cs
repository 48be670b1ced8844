namespace Env.Core.Model;

/// <summary>
/// What one platform gets of an env's tools (<see cref="ToolSelection.Survey"/>): for each tool the item chosen
/// (<see cref="Tools"/>); the tools env.proj says it does not have (<see cref="Absent"/>: <c>Optional="true"</c> with no
/// item for it, or left out of the tool's <c>Platforms</c>); and the tools it lacks though env.proj does not say so
/// (<see cref="Uncovered"/>: no item for it and not optional), which a build refuses (ENV0005) and <c>-t:EnvLock</c>
/// warns about (ENV0510).
/// </summary>
/// <param name="Absent">Tool names, in the tools' order.</param>
/// <param name="Uncovered">Each such tool's items, for the message that lists what it offers.</param>
public sealed record PlatformChoice(string Rid, IReadOnlyList<ToolSpec> Tools, IReadOnlyList<string> Absent, IReadOnlyList<IReadOnlyList<ToolSpec>> Uncovered)
{
    /// <summary>What the build says once about the absent tools ("shellcheck not available on win-x64"); null when none is.</summary>
    public string? AbsentNote => Absent.Count == 0 ? null : $"{string.Join(", ", Absent)} not available on {Rid}";
}
