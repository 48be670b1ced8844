namespace Env.Core.Editing;

/// <summary>One tool's Version in env.proj moved by <c>dotnet env update</c>: the items written with <paramref name="From"/> get <paramref name="To"/>.</summary>
public sealed record VersionChange(string Tool, string From, string To);
