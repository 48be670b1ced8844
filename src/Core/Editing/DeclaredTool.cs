namespace Env.Core.Editing;

/// <summary>
/// A <c>Tool</c> item as env.proj writes it: its name and metadata written as attributes (MSBuild escapes undone), its
/// line, and whether the editor may change it (not under a Condition, in a Target, or with metadata as child elements).
/// </summary>
public sealed record DeclaredTool(string Name, IReadOnlyDictionary<string, string> Metadata, int Line, bool Editable)
{
    public string? Get(string metadata) => Metadata.TryGetValue(metadata, out var v) && v.Trim() is { Length: > 0 } t ? t : null;

    public bool IsArchive => Get("Url") is not null;

    public string PackageId => Get("Package") ?? Name;
}
