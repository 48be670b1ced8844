namespace Env.Core.Home;

/// <summary>
/// <c>home/backups</c>: the user's files that switches moved aside with <c>-b EXT</c>, one a line (<c>PLACE</c>, a tab,
/// <c>.EXT</c>), so that <c>dotnet env uninstall</c> can put each back. The switch journal says them only until its
/// commit; this record outlives it. A switch records them before it moves them (a killed switch leaves a line for a
/// backup it may not have made, never the reverse; uninstall puts back only a backup that is there) and a switch put
/// back forgets them again. Read as hostile: a regular file of at most <see cref="MaxBytes"/>, each line a plain home
/// path and an extension <c>-b</c> takes, anything else ignored (a backup not listed is only left where it is).
/// Written whole, under the home's lock.
/// </summary>
internal sealed class HomeBackups
{
    public const int MaxBytes = 4 * 1024 * 1024;

    private readonly string _file;
    private readonly SortedSet<(string Place, string Extension)> _entries;

    private HomeBackups(string file, SortedSet<(string, string)> entries)
    {
        _file = file;
        _entries = entries;
    }

    public static HomeBackups Load(string file)
    {
        var entries = new SortedSet<(string, string)>();
        string? text = null;
        try
        {
            text = StateFile.TryReadText(file, MaxBytes);
        }
        catch (StateFileException)
        {
            // Not a plain file of ours (a link, a fifo, too big): nothing is listed, so nothing is moved back.
        }
        foreach (var line in (text ?? "").Split('\n'))
        {
            var tab = line.IndexOf('\t');
            if (tab <= 0) continue;
            var place = line[..tab];
            var extension = line[(tab + 1)..];
            if (HomePath.Refusal(place) is null && extension.StartsWith('.') && HomeJournal.BackupExtensionRefusal(extension[1..]) is null)
                entries.Add((place, extension));
        }
        return new HomeBackups(file, entries);
    }

    /// <summary>Each backup as its place and the extension (with its dot) its file carries.</summary>
    public IReadOnlyCollection<(string Place, string Extension)> Entries => _entries;

    public void Add(IEnumerable<string> places, string extension) => Change(places, extension, add: true);

    public void Remove(IEnumerable<string> places, string extension) => Change(places, extension, add: false);

    private void Change(IEnumerable<string> places, string extension, bool add)
    {
        var changed = false;
        foreach (var p in places) changed |= add ? _entries.Add((p, extension)) : _entries.Remove((p, extension));
        if (!changed) return;
        Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
        AtomicFile.WriteIfChanged(_file, string.Concat(_entries.Select(e => $"{e.Place}\t{e.Extension}\n")));
    }
}
