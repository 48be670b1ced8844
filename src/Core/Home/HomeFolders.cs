namespace Env.Core.Home;

/// <summary>
/// The folders on the way to a home file's place. A switch creates the missing ones, goes through a folder the user made
/// a link only when it stays inside the home (<c>~/.config</c> → <c>~/dotfiles/config</c> is fine,
/// <c>~/.config</c> → <c>/etc</c> is not), and removes the ones a removal left empty when a switch created them (they
/// are listed in <see cref="HomeStateLayout.CreatedFolders"/> before they are made), never a folder the user had.
/// Nothing is cached: the converger asks again right before each change, so a folder swapped for a link meanwhile is
/// seen (issue 16, item 11).
/// </summary>
public sealed class HomeFolders
{
    private readonly string _home;
    private readonly string _physicalHome;
    private readonly CreatedFolders? _created;

    /// <param name="createdFoldersFile">The record of the folders switches created (null: every emptied folder is removed, as before such a record).</param>
    public HomeFolders(string homeDir, string? createdFoldersFile = null)
    {
        _home = Path.TrimEndingDirectorySeparator(Path.GetFullPath(homeDir));
        _physicalHome = RealPath.Of(_home, _home) ?? _home;
        _created = createdFoldersFile is null ? null : CreatedFolders.Load(createdFoldersFile);
    }

    public string Home => _home;

    /// <summary>
    /// Why the folders of <paramref name="relativePath"/> cannot hold a file of ours (a folder that is a link leading out of
    /// the home, or a file where a folder is needed), or null when they can.
    /// </summary>
    /// <param name="goingAway">
    /// Places that hold a file of ours the switch removes: such a place on the way is a folder to be (a generation's file
    /// becomes a folder in the next one), so it is no refusal, and nothing below it exists yet.
    /// </param>
    public string? Refusal(string relativePath, Func<string, bool>? goingAway = null)
    {
        for (var slash = relativePath.IndexOf('/'); slash > 0; slash = relativePath.IndexOf('/', slash + 1))
        {
            var folder = relativePath[..slash];
            if (goingAway?.Invoke(folder) == true) return null;
            if (FolderRefusal(folder) is { } why) return why;
        }
        return null;
    }

    private string? FolderRefusal(string folder)
    {
        var full = HomePath.Under(_home, folder);
        var info = new FileInfo(full);
        if (info.LinkTarget is not null)
        {
            var physical = SafeRealPath(full);
            if (physical is null || !RealPath.IsInside(physical, _physicalHome))
                return $"~/{folder} is a link to {physical ?? info.LinkTarget}, outside the home";
            if (!Directory.Exists(physical) && File.Exists(physical))
                return $"~/{folder} is a link to a file, where a folder is needed";
            return null;
        }
        return info.Exists ? $"~/{folder} is a file, where a folder is needed" : null;
    }

    private static string? SafeRealPath(string path) => RealPath.Of(path, Path.GetDirectoryName(path)!);

    /// <summary>Creates the folders of <paramref name="relativePath"/> that are missing (after <see cref="Refusal"/> said null).</summary>
    public void Create(string relativePath)
    {
        var parent = Path.GetDirectoryName(HomePath.Under(_home, relativePath))!;
        if (Directory.Exists(parent)) return;
        if (_created is not null)
        {
            // Recorded before they are made: a killed switch leaves a record of a folder it may not have made, never the reverse.
            var missing = new List<string>();
            for (var slash = relativePath.IndexOf('/'); slash > 0; slash = relativePath.IndexOf('/', slash + 1))
                if (!Directory.Exists(HomePath.Under(_home, relativePath[..slash]))) missing.Add(relativePath[..slash]);
            _created.Add(missing);
        }
        Directory.CreateDirectory(parent);
    }

    /// <summary>Removes the folders of <paramref name="relativePath"/> left empty, deepest first, up to (not including) the home.</summary>
    public void PruneEmpty(string relativePath)
    {
        var parts = relativePath.Split('/');
        for (var depth = parts.Length - 1; depth >= 1; depth--)
        {
            var place = string.Join('/', parts[..depth]);
            // A folder the user had before a switch needed it stays, empty or not.
            if (_created is not null && !_created.Contains(place)) return;
            var folder = HomePath.Under(_home, place);
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
            _created?.Remove(place);
        }
    }
}
