using Env.Core.Nix;

namespace Env.Core.Model;

/// <summary>One <c>Tool</c> item of env.proj, validated. A tool may have several items, one per platform.</summary>
public sealed record ToolSpec
{
    public required string Name { get; init; }

    /// <summary>Exact for archives; exact, floating (<c>1.*</c>) or a range for packages.</summary>
    public string? Version { get; init; }

    /// <summary>The platform this item is for; null means any.</summary>
    public string? Rid { get; init; }

    /// <summary>Where the archive is fetched from: absolute (a relative Url is resolved against the project's folder).</summary>
    public Uri? Url { get; init; }

    /// <summary>
    /// The Url as env.proj writes it. The lock records and compares this, not <see cref="Url"/>, so a relative Url
    /// (an archive kept in the repository) gives the same lock in every checkout.
    /// </summary>
    public string? UrlAsWritten { get => field ?? Url?.OriginalString; init; }

    public ContentHash? Hash { get; init; }

    /// <summary>The NuGet package id; the item name when not given.</summary>
    public string? Package { get; init; }

    /// <summary>Command paths relative to the tool's root; empty means the default for its kind.</summary>
    public IReadOnlyList<string> Bin { get; init; } = [];

    public bool StripRoot { get; init; } = true;

    /// <summary>The URL is a bare executable, not an archive.</summary>
    public bool Executable { get; init; }

    /// <summary>
    /// <c>Optional="true"</c>: a platform none of the tool's items is for has no such tool (a note, not ENV0005). About
    /// the tool, not the item: null when this item does not say, and items that say must agree (<see cref="ToolSelection"/>).
    /// </summary>
    public bool? Optional { get; init; }

    /// <summary>
    /// <c>Platforms="linux-x64;osx"</c>: the RIDs the tool is for; a platform whose fallback chain names none of them has no
    /// such tool. About the tool, as <see cref="Optional"/>; null when this item does not say.
    /// </summary>
    public IReadOnlyList<string>? Platforms { get; init; }

    /// <summary>The project file that declared it, for errors.</summary>
    public string? DeclaredIn { get; init; }

    public bool IsArchive => Url is not null;

    public string PackageId => Package ?? Name;

    /// <summary>The key this item has in the lock file.</summary>
    public string LockRid => Rid ?? "any";
}
