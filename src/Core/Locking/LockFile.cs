using System.Text;
using Env.Core.Diagnostics;
using Newtonsoft.Json;

namespace Env.Core.Locking;

/// <summary>
/// env.lock.json: tool → RID → <see cref="LockEntry"/>, every level in ordinal order and one field per
/// line, so a change to one tool is a small diff.
/// </summary>
public sealed class LockFile
{
    public const int CurrentFormat = 1;

    [JsonProperty("format", Order = 1)]
    public int Format { get; set; } = CurrentFormat;

    [JsonProperty("tools", Order = 2)]
    public SortedDictionary<string, SortedDictionary<string, LockEntry>> Tools { get; set; } = new(StringComparer.Ordinal);

    public LockEntry? Find(string tool, string rid) =>
        Tools.TryGetValue(tool, out var byRid) && byRid.TryGetValue(rid, out var entry) ? entry : null;

    public void Set(string tool, string rid, LockEntry entry)
    {
        if (!Tools.TryGetValue(tool, out var byRid))
            Tools[tool] = byRid = new SortedDictionary<string, LockEntry>(StringComparer.Ordinal);
        byRid[rid] = entry;
    }

    /// <summary>Reads the lock and checks every entry with <see cref="LockIntegrity"/>: it is input from whoever committed it.</summary>
    public static LockFile Load(string path)
    {
        if (!File.Exists(path)) return new LockFile();
        try
        {
            var lockFile = JsonConvert.DeserializeObject<LockFile>(File.ReadAllText(path), Settings) ?? new LockFile();
            if (lockFile.Format != CurrentFormat)
                throw new EnvException(EnvCode.ENV0502, $"The lock file has format {lockFile.Format}; this Env.Sdk reads format {CurrentFormat}. Use the Env.Sdk version that wrote it, or delete the lock and build to write it again.", path);
            // Deserialisation builds dictionaries with the default comparer; restore the ordinal order.
            lockFile.Tools ??= new(StringComparer.Ordinal);
            LockIntegrity.Check(lockFile, path);
            lockFile.Tools = new(lockFile.Tools.ToDictionary(t => t.Key, t => new SortedDictionary<string, LockEntry>(t.Value, StringComparer.Ordinal)), StringComparer.Ordinal);
            return lockFile;
        }
        catch (JsonException ex)
        {
            throw new EnvException(EnvCode.ENV0501, $"The lock file is not valid JSON ({ex.Message}). Fix it, or delete it and build to write it again.", path, ex);
        }
    }

    public string Serialize() => JsonConvert.SerializeObject(this, Settings).ReplaceLineEndings("\n") + "\n";

    /// <summary>Writes the lock only when its text changes, through a temporary file and a rename.</summary>
    public bool Save(string path) => AtomicFile.WriteIfChanged(path, Serialize());

    private static readonly JsonSerializerSettings Settings = new()
    {
        Formatting = Formatting.Indented,
        MissingMemberHandling = MissingMemberHandling.Ignore,
    };
}
