namespace Env.Core.Home;

/// <summary>
/// The layout of a home generation's store entry (<c>&lt;hash&gt;-&lt;name&gt;-home</c>), what <c>.envsdk/result</c>
/// links to after a build of a home env:
/// <code>
/// manifest.json         what goes where (HomeManifest)
/// files/&lt;path&gt;         each home file's content, at its path relative to the home folder
/// profile/bin           link to the tools' profile entry's bin/
/// profile/env.sh|.fish|.ps1   the session: PATH and variables, sourced from the user's shell startup file
/// </code>
/// The home's files link into <c>files/</c> of the entry, as Home Manager's link into its generation, so the home never
/// points into the repository checkout.
/// </summary>
public static class HomeGeneration
{
    public const string ManifestFile = "manifest.json";

    public const string FilesFolder = "files";

    public const string ProfileFolder = "profile";

    /// <summary>The suffix of every generation entry's name: what tells a link into a generation from any other store link.</summary>
    public const string EntrySuffix = "-home";

    /// <summary>Where the content of <paramref name="relativePath"/> is in the entry at <paramref name="entryPath"/>.</summary>
    public static string FilePath(string entryPath, string relativePath) =>
        HomePath.Under(Path.Combine(entryPath, FilesFolder), relativePath);

    /// <summary>
    /// True when <paramref name="linkTarget"/> (a link's target as read) is a file of a generation entry in the store at
    /// <paramref name="storeDir"/>: <c>&lt;store&gt;/&lt;hash&gt;-&lt;name&gt;-home/files/…</c>. Such a link is ours to replace or remove.
    /// </summary>
    public static bool IsGenerationFile(string linkTarget, string storeDir)
    {
        var store = Path.TrimEndingDirectorySeparator(Path.GetFullPath(storeDir)) + Path.DirectorySeparatorChar;
        if (!Path.IsPathFullyQualified(linkTarget)) return false;
        var full = Path.GetFullPath(linkTarget);
        if (!full.StartsWith(store, StringComparison.Ordinal)) return false;
        var rest = full[store.Length..].Split(Path.DirectorySeparatorChar);
        return rest.Length >= 3 && rest[0].EndsWith(EntrySuffix, StringComparison.Ordinal) && !rest[0].StartsWith('.') && rest[1] == FilesFolder;
    }

    /// <summary>True when <paramref name="entryPath"/> is a generation entry directly in the store at <paramref name="storeDir"/>.</summary>
    public static bool IsGenerationEntry(string entryPath, string storeDir)
    {
        if (!Path.IsPathFullyQualified(entryPath)) return false;
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(entryPath));
        var name = Path.GetFileName(full);
        return string.Equals(Path.GetDirectoryName(full), Path.TrimEndingDirectorySeparator(Path.GetFullPath(storeDir)), StringComparison.Ordinal)
            && name.EndsWith(EntrySuffix, StringComparison.Ordinal) && !name.StartsWith('.');
    }
}
