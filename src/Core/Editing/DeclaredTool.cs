namespace Env.Core.Editing;

/// <summary>
/// A <c>Tool</c> item as env.proj writes it: its name and metadata (MSBuild escapes undone), where it is, and whether
/// it applies on every evaluation (no Condition on it or its ItemGroup).
/// </summary>
public sealed record DeclaredTool(string Name, IReadOnlyDictionary<string, string> Metadata, int Line, bool Conditional)
{
    public string? Get(string metadata) => Metadata.TryGetValue(metadata, out var v) && v.Trim() is { Length: > 0 } t ? t : null;

    public bool IsArchive => Get("Url") is not null;

    public string PackageId => Get("Package") ?? Name;
}
