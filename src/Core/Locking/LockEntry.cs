using Newtonsoft.Json;

namespace Env.Core.Locking;

/// <summary>
/// What one tool resolved to on one platform: where it came from, the hash of the source as fetched, and
/// the store entry it unpacked to. Enough to rebuild the entry without asking any feed.
/// </summary>
public sealed record LockEntry
{
    public const string ArchiveKind = "archive";
    public const string NuGetKind = "nuget";

    [JsonProperty("kind", Order = 1)]
    public required string Kind { get; init; }

    [JsonProperty("url", Order = 2, NullValueHandling = NullValueHandling.Ignore)]
    public string? Url { get; init; }

    [JsonProperty("package", Order = 3, NullValueHandling = NullValueHandling.Ignore)]
    public string? Package { get; init; }

    /// <summary>The version env.proj asked for (floating for packages), to tell when env.proj changed.</summary>
    [JsonProperty("requested", Order = 4)]
    public required string Requested { get; init; }

    [JsonProperty("version", Order = 5)]
    public required string Version { get; init; }

    /// <summary>SRI; for packages NuGet's content hash (sha512, the signature excluded), as packages.lock.json has it.</summary>
    [JsonProperty("sourceHash", Order = 6)]
    public required string SourceHash { get; init; }

    [JsonProperty("size", Order = 7)]
    public long Size { get; init; }

    [JsonProperty("narHash", Order = 8)]
    public required string NarHash { get; init; }

    /// <summary>The entry name in the store, <c>&lt;hash&gt;-&lt;name&gt;-&lt;version&gt;</c>.</summary>
    [JsonProperty("storePath", Order = 9)]
    public required string StorePath { get; init; }

    [JsonProperty("executable", Order = 10, DefaultValueHandling = DefaultValueHandling.Ignore)]
    public bool Executable { get; init; }

    [JsonProperty("stripRoot", Order = 11, DefaultValueHandling = DefaultValueHandling.Ignore)]
    public bool? StripRoot { get; init; }

    /// <summary>Commands made executable in the entry (they change its NAR hash, so they belong to the pin).</summary>
    [JsonProperty("bin", Order = 12)]
    public IReadOnlyList<string> Bin { get; init; } = [];

    /// <summary>
    /// For a .NET 10 RID-specific tool, whose package only points at <c>&lt;id&gt;.&lt;rid&gt;</c> packages: those
    /// packages by RID, each pinned like any other package.
    /// </summary>
    [JsonProperty("runtimePackages", Order = 13, NullValueHandling = NullValueHandling.Ignore)]
    public SortedDictionary<string, LockEntry>? RuntimePackages { get; init; }
}
