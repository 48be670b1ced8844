using Env.Core.Nix;

namespace Env.Core.Fetching;

/// <summary>A verified source file in the download cache.</summary>
public sealed record FetchedFile(string Path, ContentHash Hash, long Size);
