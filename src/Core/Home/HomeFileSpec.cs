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

    public bool IsFolder => Source is not null && Source.EndsWith('/');
}
