using Env.Core.Diagnostics;

namespace Env.Core.Locking;

/// <summary>
/// env.lock.json: tool → RID → <see cref="LockEntry"/>, every level in ordinal order and one field per
/// line, so a change to one tool is a small diff.
/// </summary>
public sealed class LockFile
{
    public const int CurrentFormat = 1;

    /// <summary>A lock of a thousand tools on ten platforms is a few MiB; a bigger file is not a lock.</summary>
    public const long MaxBytes = 64L << 20;

    public int Format { get; set; } = CurrentFormat;

    public SortedDictionary<string, SortedDictionary<string, LockEntry>> Tools { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Tool → the platforms env.proj says it does not exist on (<c>Optional="true"</c> with no item there, or left out of
    /// its <c>Platforms</c>), so that a locked build there still finds env.proj and the lock agreeing about it. Written only
    /// when not empty: a lock without absent tools keeps the bytes every earlier version wrote.
    /// </summary>
    public SortedDictionary<string, SortedSet<string>> Absent { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// <c>ContainerBaseImage</c> (registry/name:tag) → the digest it resolved to when first pulled (<c>Image/BaseImagePin</c>),
    /// so an image is built on the same base until the pin is updated. Written only when not empty.
    /// </summary>
    public SortedDictionary<string, string> ContainerBaseImages { get; set; } = new(StringComparer.Ordinal);

    public bool IsAbsent(string tool, string rid) => Absent.TryGetValue(tool, out var rids) && rids.Contains(rid);

    public void SetAbsent(string tool, string rid)
    {
        if (!Absent.TryGetValue(tool, out var rids)) Absent[tool] = rids = new SortedSet<string>(StringComparer.Ordinal);
        rids.Add(rid);
    }

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
        var lockFile = LockFileJson.Read(ReadBounded(path), path);
        LockIntegrity.Check(lockFile, path);
        return lockFile;
    }

    /// <summary>The lock's bytes as <see cref="Load"/> reads them (bounded, a link to a file followed); null when there is no lock.</summary>
    public static byte[]? Bytes(string path) => File.Exists(path) ? ReadBounded(path) : null;

    /// <summary>
    /// The lock's bytes, read as hostile input (<see cref="StateFile"/>): a checkout may bring a link to <c>/dev/zero</c>
    /// or a huge file, which is refused (ENV0520) and never loaded. A link to a regular file is followed, as before: a
    /// lock shared between checkouts by a link is the user's choice.
    /// </summary>
    private static byte[] ReadBounded(string path)
    {
        var target = path;
        try
        {
            if (new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true) is { } final) target = final.FullName;
            return StateFile.TryRead(target, MaxBytes) ?? [];
        }
        catch (StateFileException e)
        {
            throw new EnvException(EnvCode.ENV0520,
                $"The lock file cannot be read: {(target == path ? "" : $"it links to {target}, and ")}{e.Why}. Nothing was run or written. Replace it with the lock Env.Sdk writes (delete it and build again).",
                path, e);
        }
    }

    /// <summary>The lock's text (<see cref="LockFileJson"/>): the same bytes for the same pins, whatever order they were set in.</summary>
    public string Serialize() => LockFileJson.Write(this);

    /// <summary>Writes the lock only when its text changes, through a temporary file and a rename.</summary>
    public bool Save(string path) => AtomicFile.WriteIfChanged(path, Serialize());
}
