namespace Env.Core.Home;

/// <summary>
/// A <c>HomeFile</c>'s <c>OnChange</c>: <see cref="Command"/> runs in a switch that changes the content at
/// <see cref="Place"/> (the item's <c>Include</c>: its one file, or for a folder source every file under it).
/// </summary>
public sealed record HomeOnChangeEntry(string Place, string Command);
