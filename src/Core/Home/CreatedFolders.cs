namespace Env.Core.Home;

/// <summary>
/// <c>home/created-folders</c>: the places of the folders switches created in the home, one a line, so that a removal
/// that empties a folder removes it only when a switch made it; an empty folder the user had before the first switch
/// stays. Read as hostile: a regular file of at most <see cref="MaxBytes"/>, each line a plain home path, anything else
/// ignored (a folder not listed is only left in place). Written whole, under the home's lock.
/// </summary>
internal sealed class CreatedFolders
{
    public const int MaxBytes = 4 * 1024 * 1024;

    private readonly string _file;
    private readonly SortedSet<string> _places;

    private CreatedFolders(string file, SortedSet<string> places)
    {
        _file = file;
        _places = places;
    }

    public static CreatedFolders Load(string file)
    {
        var places = new SortedSet<string>(StringComparer.Ordinal);
        string? text = null;
        try
        {
            text = StateFile.TryReadText(file, MaxBytes);
        }
        catch (StateFileException)
        {
            // Not a plain file of ours (a link, a fifo, too big): nothing is listed, so no folder is removed.
        }
        foreach (var line in (text ?? "").Split('\n'))
            if (line.Length > 0 && HomePath.Refusal(line) is null) places.Add(line);
        return new CreatedFolders(file, places);
    }

    public bool Contains(string place) => _places.Contains(place);

    /// <summary>Every listed place, in ordinal order (a folder before the folders in it).</summary>
    public IReadOnlyCollection<string> Places => _places;

    public void Add(IEnumerable<string> places)
    {
        var changed = false;
        foreach (var p in places) changed |= _places.Add(p);
        if (changed) Save();
    }

    public void Remove(string place)
    {
        if (_places.Remove(place)) Save();
    }

    private void Save()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
        AtomicFile.WriteIfChanged(_file, string.Concat(_places.Select(p => p + "\n")));
    }
}
