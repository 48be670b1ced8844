namespace Env.Core.Home;

/// <summary>One line of <c>dotnet env generations</c>: the number, its record (null when unreadable), whether it is current and whether the store still has its entry.</summary>
public sealed record HomeGenerationInfo(int Number, string Entry, GenerationRecord? Record, bool Current, bool InStore);
