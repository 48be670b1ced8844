using Env.Core.Diagnostics;
using NuGet.Versioning;

namespace Env.Core.NuGet;

/// <summary>
/// A version request from env.proj: an exact version (<c>1.3.0</c> means exactly 1.3.0, unlike a NuGet
/// PackageReference where it is a minimum), a floating version (<c>1.*</c>, <c>*</c>, <c>1.0.*-*</c>: the highest match),
/// or a NuGet range (<c>[1.0,2.0)</c>: the lowest match, as restore picks).
/// </summary>
internal sealed class VersionSpec
{
    private VersionSpec(string text, NuGetVersion? exact, VersionRange? range)
    {
        Text = text;
        Exact = exact;
        Range = range;
    }

    public string Text { get; }
    public NuGetVersion? Exact { get; }
    public VersionRange? Range { get; }
    public bool IsFloating => Range?.IsFloating == true;

    public static VersionSpec Parse(string id, string versionSpec)
    {
        var text = versionSpec?.Trim() ?? "";
        if (NuGetVersion.TryParse(text, out var exact)) return new VersionSpec(text, exact, null);
        if (text.Length > 0 && VersionRange.TryParse(text, allowFloating: true, out var range)) return new VersionSpec(text, null, range);
        throw new EnvException(EnvCode.ENV0405,
            $"'{versionSpec}' is not a version of package '{id}' this tool understands. " +
            "Use an exact version (1.3.0), a floating one (1.*, 1.2.*, *, or 1.*-* to allow prereleases) or a NuGet range ([1.0,2.0)).");
    }

    public NuGetVersion? BestMatch(IReadOnlyCollection<NuGetVersion> available)
    {
        if (Exact is not null) return available.Where(v => VersionComparer.Default.Equals(v, Exact)).OrderByDescending(v => v, VersionComparer.VersionReleaseMetadata).FirstOrDefault();
        return Range!.FindBestMatch(available);
    }

    public override string ToString() => Text;
}
