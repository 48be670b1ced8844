namespace Env.Core.Home;

/// <summary>
/// A <c>HomeFile</c> item as env.proj declares it: its place relative to the home folder (<see cref="Path"/>), and either
/// a <see cref="Source"/> relative to the project's folder (a folder when it ends with '/') or inline <see cref="Text"/>.
/// <see cref="Executable"/> is null when the item does not say: a source file's own execute bit then decides, as Home
/// Manager's <c>executable = null</c> does.
/// </summary>
public sealed record HomeFileSpec(string Path, string? Source, string? Text, HomeFileMode Mode, bool? Executable)
{
    /// <summary>The command a switch runs when this place's content changed (<see cref="HomeOnChange"/>), or null.</summary>
    public string? OnChange { get; init; }

    /// <summary>A file joined from <c>HomeFragment</c> items (<see cref="HomeFragmentMerger"/>): their further distinct OnChange commands, after <see cref="OnChange"/>.</summary>
    public IReadOnlyList<string> MoreOnChange { get; init; } = [];

    /// <summary>Who wrote the item: a module or your configuration, named when two items want one place.</summary>
    public HomeItemOwner Owner { get; init; } = HomeItemOwner.User;

    /// <summary>For a file joined from fragments, every owner of its fragments (in order, each once); else empty.</summary>
    public IReadOnlyList<HomeItemOwner> FragmentOwners { get; init; } = [];

    /// <summary>The item as a message names it: "the HomeFile of module Env.Home.Git", "the HomeFragment items of module Env.Home.Bash and your configuration (…)".</summary>
    public string Describe() => FragmentOwners.Count > 0
        ? "the HomeFragment items of " + string.Join(" and ", FragmentOwners.Select(o => o.Describe()))
        : "the HomeFile of " + Owner.Describe();

    public bool IsFolder => Source is not null && Source.EndsWith('/');
}
