namespace Env.Core.Store;

/// <summary>What <c>dotnet env store optimise</c> did: entries and files looked at, files replaced by a link, bytes that freed.</summary>
public sealed record OptimiseReport(int Entries, int Files, int Linked, long BytesSaved);
