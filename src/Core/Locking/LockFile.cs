namespace Env.Core.Locking;

/// <summary>
/// env.lock.json: tool → RID → <see cref="LockEntry"/>, every level in ordinal order and one field per
/// line, so a change to one tool is a small diff.
/// </summary>
public sealed class LockFile
{
    public const int CurrentFormat = 1;

    public int Format { get; set; } = CurrentFormat;

    public SortedDictionary<string, SortedDictionary<string, LockEntry>> Tools { get; set; } = new(StringComparer.Ordinal);

    public LockEntry? Find(string tool, string rid) =>
        Tools.TryGetValue(tool, out var byRid) && byRid.TryGetValue(rid, out var entry) ? entry : null;

    public void Set(string tool, string rid, LockEntry entry)
    {
        if (!Tools.TryGetValue(tool, out var byRid))
            Tools[tool] = byRid = new SortedDictionary<string, LockEntry>(StringComparer.Ordinal);
        byRid[rid] = entry;
    }

    /// <summary>Reads the lock (<see cref="LockFileJson"/>) and checks every entry with <see cref="LockIntegrity"/>: it is input from whoever committed it.</summary>
    public static LockFile Load(string path)
    {
        if (!File.Exists(path)) return new LockFile();
        var lockFile = LockFileJson.Read(File.ReadAllBytes(path), path);
        LockIntegrity.Check(lockFile, path);
        return lockFile;
    }

    /// <summary>The lock's text (<see cref="LockFileJson"/>): the same bytes for the same pins, whatever order they were set in.</summary>
    public string Serialize() => LockFileJson.Write(this);

    /// <summary>Writes the lock only when its text changes, through a temporary file and a rename.</summary>
    public bool Save(string path) => AtomicFile.WriteIfChanged(path, Serialize());
}
