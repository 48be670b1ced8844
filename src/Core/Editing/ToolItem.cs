namespace Env.Core.Editing;

/// <summary>
/// A <c>Tool</c> item the editor writes into env.proj, with its metadata as the build will read them (not yet escaped
/// for MSBuild or XML). Metadata are written in this order, those that are null left out.
/// </summary>
public sealed record ToolItem
{
    public required string Name { get; init; }

    public required string Version { get; init; }

    /// <summary>The NuGet package id when it is not the tool's name.</summary>
    public string? Package { get; init; }

    public string? Url { get; init; }

    /// <summary>The download's hash as SRI (<c>sha256-…</c>).</summary>
    public string? Hash { get; init; }

    public string? Rid { get; init; }

    /// <summary><c>;</c>-separated command paths, as the Bin metadata takes them.</summary>
    public string? Bin { get; init; }

    /// <summary>The Url is a program, not an archive.</summary>
    public bool Executable { get; init; }

    /// <summary><c>Optional="true"</c>: a platform none of the tool's items is for has no such tool.</summary>
    public bool Optional { get; init; }

    public bool IsArchive => Url is not null;

    public string PackageId => Package ?? Name;

    /// <summary>The metadata as (name, value) in the order they are written; Include first.</summary>
    public IEnumerable<(string Name, string Value)> Metadata()
    {
        yield return ("Include", Name);
        yield return ("Version", Version);
        if (Package is not null) yield return ("Package", Package);
        if (Url is not null) yield return ("Url", Url);
        if (Hash is not null) yield return ("Hash", Hash);
        if (Rid is not null) yield return ("Rid", Rid);
        if (Bin is not null) yield return ("Bin", Bin);
        if (Executable) yield return ("Executable", "true");
        if (Optional) yield return ("Optional", "true");
    }
}
