using System.Security.Cryptography;
using System.Text;
using Env.Core.Nix;

namespace Env.Core.Store;

/// <summary>
/// Indirect garbage-collection roots, as Nix's auto roots: <c>&lt;store&gt;/.roots/&lt;hash&gt;-&lt;name&gt;</c> links to a
/// dev shell's <c>profile</c> link. A collector keeps whatever a root still reaches and drops roots whose
/// shell is gone, so deleting a checkout releases its tools without anyone telling the store.
/// </summary>
public static class GcRoots
{
    public static string Directory(StoreLayout layout) => Path.Combine(layout.StoreDir, ".roots");

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
}
