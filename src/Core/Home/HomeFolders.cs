namespace Env.Core.Home;

/// <summary>
/// The folders on the way to a home file's place. A switch creates the missing ones, goes through a folder the user made
/// a link only when it stays inside the home (<c>~/.config</c> → <c>~/dotfiles/config</c> is fine,
/// <c>~/.config</c> → <c>/etc</c> is not), and removes the ones a removal left empty, never the home itself.
/// </summary>
public sealed class HomeFolders
{
    private readonly string _home;
    private readonly string _physicalHome;
    private readonly Dictionary<string, string?> _checked = new(StringComparer.Ordinal);

    public HomeFolders(string homeDir)
    {
        _home = Path.TrimEndingDirectorySeparator(Path.GetFullPath(homeDir));
        _physicalHome = RealPath.Of(_home, _home) ?? _home;
    }

    public string Home => _home;

    /// <summary>
    /// Why the folders of <paramref name="relativePath"/> cannot hold a file of ours (a folder that is a link leading out of
    /// the home, or a file where a folder is needed), or null when they can.
    /// </summary>
    public string? Refusal(string relativePath)
    {
        var slash = relativePath.LastIndexOf('/');
        return slash < 0 ? null : FolderRefusal(relativePath[..slash]);
    }

    private string? FolderRefusal(string folder)
    {
        if (_checked.TryGetValue(folder, out var known)) return known;
        var parent = folder.LastIndexOf('/');
        var why = parent < 0 ? null : FolderRefusal(folder[..parent]);
        if (why is null)
        {
            var full = HomePath.Under(_home, folder);
            var info = new FileInfo(full);
            if (info.LinkTarget is not null)
            {
                var physical = SafeRealPath(full);
                if (physical is null || !RealPath.IsInside(physical, _physicalHome))
                    why = $"~/{folder} is a link to {physical ?? info.LinkTarget}, outside the home";
                else if (!Directory.Exists(physical) && File.Exists(physical))
                    why = $"~/{folder} is a link to a file, where a folder is needed";
            }
            else if (info.Exists)
            {
                why = $"~/{folder} is a file, where a folder is needed";
            }
        }
        _checked[folder] = why;
        return why;
    }

    private static string? SafeRealPath(string path) => RealPath.Of(path, Path.GetDirectoryName(path)!);

    /// <summary>Creates the folders of <paramref name="relativePath"/> that are missing (after <see cref="Refusal"/> said null).</summary>
    public void Create(string relativePath)
    {
        var parent = Path.GetDirectoryName(HomePath.Under(_home, relativePath))!;
        if (!Directory.Exists(parent)) Directory.CreateDirectory(parent);
    }

    /// <summary>Removes the folders of <paramref name="relativePath"/> left empty, deepest first, up to (not including) the home.</summary>
    public void PruneEmpty(string relativePath)
    {
        var parts = relativePath.Split('/');
        for (var depth = parts.Length - 1; depth >= 1; depth--)
        {
            var folder = HomePath.Under(_home, string.Join('/', parts[..depth]));
            // Only a real folder: a link the user made stays, empty or not.
            if (new FileInfo(folder).LinkTarget is not null || !Directory.Exists(folder)) return;
            if (Directory.EnumerateFileSystemEntries(folder).Any()) return;
            try
            {
                Directory.Delete(folder);
            }
            catch (IOException)
            {
                return; // something appeared meanwhile
            }
            _checked.Remove(string.Join('/', parts[..depth]));
        }
    }
}
