namespace Env.Core.Home;

/// <summary>
/// A <c>HomeFragment</c> item: a piece of one file in the home folder (<see cref="Path"/>, the HomeFile place syntax)
/// that modules and the user each add to, joined by <see cref="HomeFragmentMerger"/> in <see cref="Order"/> (lower
/// first; ties in item order). <see cref="Executable"/> and <see cref="OnChange"/> are null when the item does not say.
/// </summary>
public sealed record HomeFragmentSpec(string Path, string Text, int Order, bool? Executable, string? OnChange, HomeItemOwner Owner);
