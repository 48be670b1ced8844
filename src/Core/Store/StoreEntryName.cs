using Env.Core.Nix;

namespace Env.Core.Store;

/// <summary>
/// What in the store folder is an entry: a folder named <c>&lt;32 nix32 characters&gt;-&lt;name&gt;</c>. Everything else
/// (the dot-folders of the store's own bookkeeping, anything a user dropped there) is never collected, verified or optimised.
/// The one policy of a store entry's name: the store, the locks (<c>LockIntegrity</c>) and the shell folder's links
/// (<c>ShellFolder</c>) all ask it.
/// </summary>
public static class StoreEntryName
{
    /// <summary>The hash part: 20 bytes in nix32.</summary>
    public const int HashLength = 32;

    public static bool IsEntryName(string name) =>
        name.Length > HashLength + 1 && name[HashLength] == '-' && IsHash(name.AsSpan(0, HashLength)) && StorePathName.IsValid(name[(HashLength + 1)..]);

    public static bool IsHash(ReadOnlySpan<char> text) => text.Length == HashLength && NixBase32.IsEncoded(text);

    /// <summary>Whether <paramref name="path"/> is a full path whose last part is an entry name (a link's target into the store).</summary>
    public static bool IsEntryPath(string path) =>
        Path.IsPathFullyQualified(path) && IsEntryName(Path.GetFileName(Path.TrimEndingDirectorySeparator(path)));

    public static string HashPart(string entryName) => entryName[..HashLength];

    /// <summary>The name after the hash (what <see cref="FixedOutputPath"/> was given).</summary>
    public static string NamePart(string entryName) => entryName[(HashLength + 1)..];

    /// <summary>The entries now in the store, by name, in ordinal order.</summary>
    public static IReadOnlyList<string> InStore(StoreLayout layout)
    {
        if (!Directory.Exists(layout.StoreDir)) return [];
        return new DirectoryInfo(layout.StoreDir).EnumerateDirectories()
            .Where(d => d.LinkTarget is null && IsEntryName(d.Name)) // a link there is no entry (StoreLayout.HasEntry)
            .Select(d => d.Name)
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
