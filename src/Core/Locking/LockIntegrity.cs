using Env.Core.Diagnostics;
using Env.Core.Nix;

namespace Env.Core.Locking;

/// <summary>
/// The lock arrives with a <c>git pull</c>, so it is hostile input like an archive. Its <c>storePath</c>s
/// become paths that the dev shell runs, so each must be exactly the entry its own NAR hash, tool name and
/// version give: a bare store name that nothing can point elsewhere, and that no edit can swap for another
/// entry of the store without also changing the NAR hash the store then checks. Cheap: nothing is hashed.
/// </summary>
public static class LockIntegrity
{
    /// <summary>Throws a coded ENV05xx error naming <paramref name="lockPath"/> at the first entry that is not consistent.</summary>
    public static void Check(LockFile lockFile, string lockPath)
    {
        foreach (var (tool, byRid) in lockFile.Tools)
        {
            if (byRid is null) throw Incomplete(tool, null, "has no entries", lockPath);
            foreach (var (rid, entry) in byRid) CheckTool(tool, rid, entry, lockPath);
        }
    }

    /// <summary>One tool's entry for one platform, in any file that pins <see cref="LockEntry"/>s (env.lock.json, the run lock).</summary>
    public static void CheckTool(string tool, string rid, LockEntry? entry, string lockPath)
    {
        if (entry is null) throw Incomplete(tool, rid, "is empty", lockPath);
        CheckEntry(tool, rid, entry, EntryName.ForTool(tool, entry.Version ?? ""), lockPath);
        if (entry.Kind == LockEntry.ArchiveKind && entry.Version != entry.Requested)
            throw Incomplete(tool, rid, $"pins version '{entry.Version}' although '{entry.Requested}' is asked for (an archive's version is exact)", lockPath);
        foreach (var (packageRid, runtime) in entry.RuntimePackages ?? [])
        {
            if (runtime is null) throw Incomplete(tool, rid, $"has an empty runtime package for {packageRid}", lockPath);
            CheckEntry(tool, $"{rid}, runtime package {packageRid}", runtime, EntryName.ForRuntimePackage(tool, packageRid, runtime.Version ?? ""), lockPath);
        }
    }

    private static void CheckEntry(string tool, string where, LockEntry entry, string expectedName, string lockPath)
    {
        // Deserialisation does not enforce 'required': a hand-edited lock may lack anything.
        if (entry.Kind is null || entry.Requested is null || entry.Version is null || entry.SourceHash is null || entry.NarHash is null || entry.StorePath is null || entry.Bin is null)
            throw Incomplete(tool, where, "lacks one of kind, requested, version, sourceHash, narHash, storePath, bin", lockPath);

        if (!ContentHash.TryParse(entry.NarHash, out var nar, out _) || nar.Algorithm != HashAlgorithmKind.Sha256 || nar.ToSri() != entry.NarHash)
        {
            throw new EnvException(EnvCode.ENV0506,
                $"The lock's entry for '{tool}' ({where}) has narHash '{Shorten(entry.NarHash)}', which is not a sha256 SRI hash (sha256-<base64>) as Env.Sdk writes it. " +
                $"The lock was edited or damaged: delete this tool's entry from {Path.GetFileName(lockPath)} (or the whole lock) and build again to resolve it afresh.",
                lockPath);
        }

        if (!Store.StoreEntryName.IsEntryName(entry.StorePath))
        {
            throw new EnvException(EnvCode.ENV0507,
                $"The lock's entry for '{tool}' ({where}) has storePath '{Shorten(entry.StorePath)}', which is not a store entry name (<32-character hash>-<name>, no folders). " +
                $"Nothing was run or written. The lock was edited or tampered with: delete this tool's entry from {Path.GetFileName(lockPath)} (or the whole lock) and build again.",
                lockPath);
        }

        var expected = FixedOutputPath.ComputeRecursiveSha256(nar.Bytes, expectedName);
        if (!string.Equals(entry.StorePath, expected, StringComparison.Ordinal))
        {
            throw new EnvException(EnvCode.ENV0508,
                $"The lock's entry for '{tool}' ({where}) has storePath '{entry.StorePath}', but its narHash, name and version give '{expected}'. " +
                $"Nothing was run or written. The lock was edited or tampered with: delete this tool's entry from {Path.GetFileName(lockPath)} (or the whole lock) and build again.",
                lockPath);
        }
    }

    private static EnvException Incomplete(string tool, string? where, string what, string lockPath) =>
        new(EnvCode.ENV0509,
            $"The lock's entry for '{tool}'{(where is null ? "" : $" ({where})")} {what}. The lock was edited or damaged: delete this tool's entry from {Path.GetFileName(lockPath)} (or the whole lock) and build again.",
            lockPath);

    /// <summary>A hostile lock's strings are shown, but not at any length and not with control characters.</summary>
    private static string Shorten(string text)
    {
        var clean = string.Concat(text.Take(120).Select(c => char.IsControl(c) ? '?' : c));
        return text.Length > 120 ? clean + "…" : clean;
    }
}
