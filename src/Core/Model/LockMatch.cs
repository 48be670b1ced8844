using Env.Core.Locking;
using Env.Core.Nix;

namespace Env.Core.Model;

/// <summary>
/// Whether a lock entry still stands for a Tool item: restore reuses it, the build phase refuses to use one that
/// env.proj no longer describes, and locked mode compares the two.
/// </summary>
public static class LockMatch
{
    /// <summary>Whether <paramref name="entry"/> was made from exactly what <paramref name="spec"/> asks for.</summary>
    public static bool Matches(ToolSpec spec, LockEntry entry)
    {
        if (!spec.Bin.SequenceEqual(entry.Bin, StringComparer.Ordinal)) return false;
        if (spec.IsArchive)
        {
            return entry.Kind == LockEntry.ArchiveKind
                && entry.Url == spec.UrlAsWritten
                && entry.Requested == spec.Version
                && entry.Executable == spec.Executable
                && (entry.StripRoot ?? true) == spec.StripRoot
                && spec.Hash is { } h && ContentHash.TryParse(entry.SourceHash, out var locked, out _) && locked.Equals(h);
        }
        return entry.Kind == LockEntry.NuGetKind
            && string.Equals(entry.Package, spec.PackageId, StringComparison.OrdinalIgnoreCase)
            && entry.Requested == spec.Version;
    }
}
