using System.Buffers;
using System.Text;
using System.Text.Json;
using Env.Core.Diagnostics;

namespace Env.Core.Locking;

/// <summary>
/// env.lock.json's one reader and writer (System.Text.Json, no reflection: the Native AOT tool reads locks too). The
/// writer keeps the text every earlier Env.Sdk wrote to the byte: two-space indentation, <c>\n</c>, the keys in the
/// order below, <c>url</c>/<c>package</c>/<c>runtimePackages</c> only when set, <c>executable</c> only when true,
/// <c>stripRoot</c> only when set, <c>absent</c> (after <c>tools</c>) only when a tool is absent somewhere,
/// <c>containerBaseImages</c> (last) only when an image's base is pinned, strings
/// escaped by <see cref="JsonEscaping"/>. The reader takes what earlier
/// versions took (comments, trailing commas, unknown keys, an empty file) but refuses a key given twice: which entry
/// a build trusts must not hide behind a second one. A missing field is left null for <see cref="LockIntegrity"/> to
/// name (ENV0509); a value of the wrong JSON type is ENV0501 here.
/// </summary>
public static class LockFileJson
{
    /// <summary>The lock nests nine levels deep (tools, tool, RID, entry, runtimePackages, RID, entry, bin); more is not a lock.</summary>
    public const int MaxDepth = 16;

    private static readonly JsonDocumentOptions ReadOptions = new()
    {
        MaxDepth = MaxDepth,
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        AllowDuplicateProperties = false,
    };

    public static string Write(LockFile lockFile)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, JsonEscaping.Indented))
        {
            w.WriteStartObject();
            w.WriteNumber("format", lockFile.Format);
            w.WriteStartObject("tools");
            foreach (var (tool, byRid) in lockFile.Tools.OrderBy(t => t.Key, StringComparer.Ordinal))
            {
                w.WriteStartObject(tool);
                foreach (var (rid, entry) in byRid.OrderBy(r => r.Key, StringComparer.Ordinal))
                {
                    w.WritePropertyName(rid);
                    WriteEntry(w, entry);
                }
                w.WriteEndObject();
            }
            w.WriteEndObject();
            if (lockFile.Absent.Any(a => a.Value.Count > 0))
            {
                w.WriteStartObject("absent");
                foreach (var (tool, rids) in lockFile.Absent.Where(a => a.Value.Count > 0).OrderBy(a => a.Key, StringComparer.Ordinal))
                {
                    w.WriteStartArray(tool);
                    foreach (var rid in rids.Order(StringComparer.Ordinal)) w.WriteStringValue(rid);
                    w.WriteEndArray();
                }
                w.WriteEndObject();
            }
            if (lockFile.ContainerBaseImages.Count > 0)
            {
                w.WriteStartObject("containerBaseImages");
                foreach (var (reference, digest) in lockFile.ContainerBaseImages.OrderBy(b => b.Key, StringComparer.Ordinal)) w.WriteString(reference, digest);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    private static void WriteEntry(Utf8JsonWriter w, LockEntry entry)
    {
        w.WriteStartObject();
        w.WriteString("kind", entry.Kind);
        if (entry.Url is not null) w.WriteString("url", entry.Url);
        if (entry.Package is not null) w.WriteString("package", entry.Package);
        w.WriteString("requested", entry.Requested);
        w.WriteString("version", entry.Version);
        w.WriteString("sourceHash", entry.SourceHash);
        w.WriteNumber("size", entry.Size);
        w.WriteString("narHash", entry.NarHash);
        w.WriteString("storePath", entry.StorePath);
        if (entry.Executable) w.WriteBoolean("executable", true);
        if (entry.StripRoot is { } strip) w.WriteBoolean("stripRoot", strip);
        w.WriteStartArray("bin");
        foreach (var bin in entry.Bin) w.WriteStringValue(bin);
        w.WriteEndArray();
        if (entry.RuntimePackages is { } runtimes)
        {
            w.WriteStartObject("runtimePackages");
            foreach (var (rid, runtime) in runtimes.OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                w.WritePropertyName(rid);
                WriteEntry(w, runtime);
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    /// <summary>The lock in <paramref name="bytes"/>, not yet checked by <see cref="LockIntegrity"/>.</summary>
    /// <exception cref="EnvException">ENV0501: not JSON, or not a lock's shape; ENV0502: another format.</exception>
    public static LockFile Read(ReadOnlySpan<byte> bytes, string path)
    {
        if (bytes.Trim(" \t\r\n"u8).IsEmpty) return new LockFile(); // as earlier versions read an empty file
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes.ToArray(), ReadOptions);
        }
        catch (JsonException e)
        {
            throw Invalid(path, e.Message);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Invalid(path, "it is not a JSON object");
            var lockFile = new LockFile();
            if (root.TryGetProperty("format", out var format))
                lockFile.Format = format.ValueKind == JsonValueKind.Number && format.TryGetInt32(out var n) ? n : throw Invalid(path, "\"format\" is not a whole number");
            if (lockFile.Format != LockFile.CurrentFormat)
                throw new EnvException(EnvCode.ENV0502, $"The lock file has format {lockFile.Format}; this Env.Sdk reads format {LockFile.CurrentFormat}. Use the Env.Sdk version that wrote it, or delete the lock and build to write it again.", path);
            var tools = root.TryGetProperty("tools", out var t) ? t : default;
            foreach (var (tool, byRid) in Map(tools, "\"tools\"", path))
            {
                // A tool or platform with null stays null: LockIntegrity names it (ENV0509).
                lockFile.Tools[tool] = byRid.ValueKind == JsonValueKind.Null
                    ? null!
                    : new SortedDictionary<string, LockEntry>(
                        Map(byRid, $"tool '{PrintableText.Of(tool)}'", path).ToDictionary(r => r.Key, r => ReadEntry(r.Value, path)!, StringComparer.Ordinal),
                        StringComparer.Ordinal);
            }
            var absent = root.TryGetProperty("absent", out var a) ? a : default;
            foreach (var (tool, rids) in Map(absent, "\"absent\"", path))
            {
                // Both become lookups and messages only, but a tool name or RID no build writes is no lock's.
                if (!Nix.StorePathName.IsValid(tool)) throw Invalid(path, $"\"absent\" names '{PrintableText.Of(tool)}', which is not a tool name");
                if (rids.ValueKind != JsonValueKind.Array) throw Invalid(path, $"\"absent\" of tool '{PrintableText.Of(tool)}' is not a list");
                foreach (var rid in rids.EnumerateArray())
                {
                    var text = rid.ValueKind == JsonValueKind.String ? rid.GetString()! : throw Invalid(path, "an entry of \"absent\" is not a string");
                    if (!IsRidText(text)) throw Invalid(path, $"\"absent\" of tool '{PrintableText.Of(tool)}' lists '{PrintableText.Of(text)}', which is not a runtime identifier");
                    lockFile.SetAbsent(tool, text);
                }
            }
            var bases = root.TryGetProperty("containerBaseImages", out var b) ? b : default;
            foreach (var (reference, digest) in Map(bases, "\"containerBaseImages\"", path))
            {
                // A key is only ever looked up by the reference env.proj gives (never sent anywhere), but a key no build
                // writes is no lock's; the value is what a registry is asked for: a sha256 digest, exactly.
                if (!IsBaseImageKey(reference))
                    throw Invalid(path, $"\"containerBaseImages\" names '{PrintableText.Of(reference)}', which is not an image reference with a registry and a tag");
                var text = digest.ValueKind == JsonValueKind.String ? digest.GetString()! : throw Invalid(path, "a value of \"containerBaseImages\" is not a string");
                if (!IsSha256Digest(text)) throw Invalid(path, $"\"containerBaseImages\" pins '{PrintableText.Of(reference)}' to '{PrintableText.Of(text)}', which is not a sha256 digest");
                lockFile.ContainerBaseImages[reference] = text;
            }
            return lockFile;
        }
    }

    /// <summary>
    /// One lock entry (env.lock.json's, or one found in the run lock by <c>LockedSources</c>); null for a JSON null.
    /// Missing fields stay null (required or not), for <see cref="LockIntegrity"/> to name.
    /// </summary>
    /// <exception cref="EnvException">ENV0501: a field of the wrong JSON type.</exception>
    public static LockEntry? ReadEntry(JsonElement e, string path)
    {
        if (e.ValueKind == JsonValueKind.Null) return null;
        if (e.ValueKind != JsonValueKind.Object) throw Invalid(path, "a lock entry is not a JSON object");
        return new LockEntry
        {
            Kind = Str(e, "kind", path)!,
            Url = Str(e, "url", path),
            Package = Str(e, "package", path),
            Requested = Str(e, "requested", path)!,
            Version = Str(e, "version", path)!,
            SourceHash = Str(e, "sourceHash", path)!,
            Size = e.TryGetProperty("size", out var size) ? size.ValueKind == JsonValueKind.Number && size.TryGetInt64(out var s) ? s : throw Invalid(path, "\"size\" is not a whole number") : 0,
            NarHash = Str(e, "narHash", path)!,
            StorePath = Str(e, "storePath", path)!,
            Executable = Bool(e, "executable", path) ?? false,
            StripRoot = Bool(e, "stripRoot", path),
            Bin = e.TryGetProperty("bin", out var bin)
                ? bin.ValueKind switch
                {
                    JsonValueKind.Null => null!,
                    JsonValueKind.Array => bin.EnumerateArray().Select(b => b.ValueKind == JsonValueKind.String ? b.GetString()! : throw Invalid(path, "an entry of \"bin\" is not a string")).ToList(),
                    _ => throw Invalid(path, "\"bin\" is not a list"),
                }
                : [],
            RuntimePackages = e.TryGetProperty("runtimePackages", out var runtimes) && runtimes.ValueKind != JsonValueKind.Null
                ? new SortedDictionary<string, LockEntry>(Map(runtimes, "\"runtimePackages\"", path).ToDictionary(r => r.Key, r => ReadEntry(r.Value, path)!, StringComparer.Ordinal), StringComparer.Ordinal)
                : null,
        };
    }

    /// <summary>HOST[:PORT]/NAME:TAG as <c>Image/BaseImageReference.LockKey</c> writes it: no spaces, no "..", a registry part and a tag.</summary>
    private static bool IsBaseImageKey(string key)
    {
        var slash = key.IndexOf('/');
        var colon = key.LastIndexOf(':');
        return key.Length <= 512 && slash > 0 && colon > slash + 1 && colon < key.Length - 1 && !key.Contains("..") && !key.Contains("//")
            && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '/' or ':' or '[' or ']');
    }

    private static bool IsSha256Digest(string text) =>
        text.Length == 71 && text.StartsWith("sha256:", StringComparison.Ordinal) && text[7..].All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    /// <summary>What a RID is written with: letters, digits, '-', '.', '_', at most 64 characters.</summary>
    private static bool IsRidText(string text) =>
        text.Length is > 0 and <= 64 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_');

    /// <summary>The members of an object (none for a missing or null value; the parser let each name through once).</summary>
    private static List<KeyValuePair<string, JsonElement>> Map(JsonElement value, string what, string path) =>
        value.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null ? []
        : value.ValueKind == JsonValueKind.Object ? value.EnumerateObject().Select(p => new KeyValuePair<string, JsonElement>(p.Name, p.Value)).ToList()
        : throw Invalid(path, $"{what} is not a JSON object");

    private static string? Str(JsonElement e, string name, string path) =>
        !e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString()
        : throw Invalid(path, $"\"{name}\" is not a string");

    private static bool? Bool(JsonElement e, string name, string path) =>
        !e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean()
        : throw Invalid(path, $"\"{name}\" is not true or false");

    private static EnvException Invalid(string path, string why) =>
        new(EnvCode.ENV0501, $"The lock file is not valid JSON or not a lock's ({PrintableText.Of(why)}). Fix it, or delete it and build to write it again.", path);
}
