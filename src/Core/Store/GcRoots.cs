using System.Security.Cryptography;
using System.Text;
using Env.Core.Nix;

namespace Env.Core.Store;

/// <summary>
/// Indirect garbage-collection roots, as Nix's auto roots: <c>&lt;store&gt;/.roots/&lt;hash&gt;-&lt;name&gt;</c> links to a
/// dev shell's <c>profile</c> link. A collector keeps whatever a root still reaches and drops roots whose
/// shell is gone, so deleting a checkout releases its tools without anyone telling the store. A root is read as a
/// link, never followed for writing: what a hostile link names can only be kept longer.
/// </summary>
public static class GcRoots
{
    public static string Directory(StoreLayout layout) => layout.RootsDir;

    /// <summary>Registers <paramref name="profileLink"/> (idempotent; one root per link path).</summary>
    public static string Register(StoreLayout layout, string profileLink, string name)
    {
        var full = Path.GetFullPath(profileLink);
        var id = NixBase32.Encode(SHA256.HashData(Encoding.UTF8.GetBytes(full)).AsSpan(0, 20));
        var root = Path.Combine(Directory(layout), $"{id}-{StorePathName.Sanitize(name)}");
        System.IO.Directory.CreateDirectory(Directory(layout));
        AtomicFile.ReplaceSymlink(root, full);
        return root;
    }

    /// <summary>
    /// Every root, resolved: the link it names, and the entry that link leads to (every link on the way followed).
    /// A root whose link is gone is dangling; one whose link leads outside the store, or to an entry that is not there,
    /// reaches nothing but stays (the next build of its env points it at an entry again).
    /// </summary>
    public static IReadOnlyList<PermanentRoot> Enumerate(StoreLayout layout)
    {
        if (!System.IO.Directory.Exists(layout.RootsDir)) return [];
        var store = RealPath.Of(layout.StoreDir, "/") ?? layout.StoreDir;
        var roots = new List<PermanentRoot>();
        foreach (var info in new DirectoryInfo(layout.RootsDir).EnumerateFileSystemInfos())
        {
            // ".proc" (process roots) and the temporary names of a Register in progress are not roots.
            if (info.Name.StartsWith('.') || info.Name.Contains(".tmp-", StringComparison.Ordinal) || info.LinkTarget is not { } link) continue;
            var linkInfo = new FileInfo(link);
            if (!linkInfo.Exists && linkInfo.LinkTarget is null && !System.IO.Directory.Exists(link))
            {
                roots.Add(new PermanentRoot(info.FullName, link, null, Dangling: true));
                continue;
            }
            roots.Add(new PermanentRoot(info.FullName, link, EntryOf(store, RealPath.Of(link, "/")), Dangling: false));
        }
        return roots;
    }

    /// <summary>The entry a resolved path is in (or is), or null when it is outside the store.</summary>
    internal static string? EntryOf(string realStore, string? realPath)
    {
        if (realPath is null || !realPath.StartsWith(realStore + "/", StringComparison.Ordinal)) return null;
        var rest = realPath[(realStore.Length + 1)..];
        var slash = rest.IndexOf('/');
        var name = slash < 0 ? rest : rest[..slash];
        return StoreEntryName.IsEntryName(name) ? name : null;
    }
}
