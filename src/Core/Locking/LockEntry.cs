namespace Env.Core.Locking;

/// <summary>
/// What one tool resolved to on one platform: where it came from, the hash of the source as fetched, and
/// the store entry it unpacked to. Enough to rebuild the entry without asking any feed. Written and read in env.lock.json
/// by <see cref="LockFileJson"/> (which fixes the key order); the run lock's generated code writes the same names.
/// </summary>
public sealed record LockEntry
{
    public const string ArchiveKind = "archive";
    public const string NuGetKind = "nuget";

    public required string Kind { get; init; }

    public string? Url { get; init; }

    public string? Package { get; init; }

    /// <summary>The version env.proj asked for (floating for packages), to tell when env.proj changed.</summary>
    public required string Requested { get; init; }

    public required string Version { get; init; }

    /// <summary>SRI; for packages NuGet's content hash (sha512, the signature excluded), as packages.lock.json has it.</summary>
    public required string SourceHash { get; init; }

    public long Size { get; init; }

    public required string NarHash { get; init; }

    /// <summary>The entry name in the store, <c>&lt;hash&gt;-&lt;name&gt;-&lt;version&gt;</c>.</summary>
    public required string StorePath { get; init; }

    public bool Executable { get; init; }

    public bool? StripRoot { get; init; }

    /// <summary>Commands made executable in the entry (they change its NAR hash, so they belong to the pin).</summary>
    public IReadOnlyList<string> Bin { get; init; } = [];

    /// <summary>
    /// For a .NET 10 RID-specific tool, whose package only points at <c>&lt;id&gt;.&lt;rid&gt;</c> packages: those
    /// packages by RID, each pinned like any other package.
    /// </summary>
    public SortedDictionary<string, LockEntry>? RuntimePackages { get; init; }
}
