using Env.Core.Nix;

namespace Env.Core.Store;

/// <summary>A valid entry: its name (<c>&lt;hash&gt;-&lt;name&gt;</c>), absolute path and the sha256 of its NAR.</summary>
public sealed record StoreEntry(string Name, string Path, ContentHash NarHash);
