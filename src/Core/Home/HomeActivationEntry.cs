namespace Env.Core.Home;

/// <summary>
/// A <c>HomeActivation</c> item: a command a switch runs once the generation's files are in place. <see cref="After"/>
/// names the activations it runs after (Home Manager's <c>entryAfter</c>); a generation lists its activations in the
/// order they run (<see cref="HomeActivationOrder"/>), so a switch only follows the list.
/// </summary>
public sealed record HomeActivationEntry(string Name, string Command)
{
    public IReadOnlyList<string> After { get; init; } = [];

    // By value, After too: a record would compare the lists by reference.
    public bool Equals(HomeActivationEntry? other) =>
        other is not null && Name == other.Name && Command == other.Command && After.SequenceEqual(other.After, StringComparer.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Name, Command, After.Count);
}
