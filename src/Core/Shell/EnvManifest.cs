using System.Security.Cryptography;
using System.Text.Json;
using Env.Core.Diagnostics;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Env.Core.Shell;

/// <summary>
/// <c>.envsdk/env.json</c>: everything a built env is, for programs that must not start MSBuild to learn it — the
/// PATH entries, the variables, the tools and their store entries, and the files it was built from with their hashes,
/// so <c>dotnet env</c> can tell whether it is current. Written by the build phase; read by <c>dotnet env</c>.
/// </summary>
public sealed record EnvManifest
{
    /// <summary>1: project, profile, path, variables as a map. 2: adds name, tools, inputs; variables as a list of operations.</summary>
    public const int CurrentFormat = 2;

    /// <summary>A real env.json is a few KiB, a home env's with every dotfile as an input up to a few MiB; a bigger one is not ours to parse.</summary>
    public const int MaxBytes = 64 * 1024 * 1024;

    /// <summary>The project, PATH entries and variables every activate script is generated from.</summary>
    public required ShellActivation Activation { get; init; }
    public required string Name { get; init; }
    public required string Profile { get; init; }
    public required IReadOnlyList<ManifestTool> Tools { get; init; }
    public required IReadOnlyList<ManifestInput> Inputs { get; init; }

    public string Project => Activation.ProjectFile;
    public IReadOnlyList<string> PathEntries => Activation.PathEntries;
    public IReadOnlyList<EnvVariable> Variables => Activation.Variables;

    /// <summary>
    /// The record of each input as it is now on disk. A path ending with a separator is a folder (a home env's source
    /// folder): its record is the hash of its listing, so a file added to or removed from it makes the env stale.
    /// </summary>
    public static IReadOnlyList<ManifestInput> Snapshot(IEnumerable<string> files) =>
        files.Select(f =>
        {
            if (IsFolder(f))
            {
                var dir = new DirectoryInfo(f);
                var path = System.IO.Path.TrimEndingDirectorySeparator(dir.FullName) + System.IO.Path.DirectorySeparatorChar;
                return dir.Exists ? new ManifestInput(path, ListingHashOf(path), 0, dir.LastWriteTimeUtc.Ticks) : new ManifestInput(path, null);
            }
            var info = new FileInfo(f);
            return info.Exists
                ? new ManifestInput(info.FullName, HashOf(f), info.Length, info.LastWriteTimeUtc.Ticks)
                : new ManifestInput(info.FullName, null);
        }).ToList();

    private static bool IsFolder(string path) => path.EndsWith('/') || path.EndsWith(System.IO.Path.DirectorySeparatorChar);

    /// <returns>Lowercase hex SHA-256 of the names directly in the folder, in ordinal order; null when there is no folder.</returns>
    public static string? ListingHashOf(string folder)
    {
        try
        {
            var names = Directory.EnumerateFileSystemEntries(folder).Select(e => System.IO.Path.GetFileName(e)).Order(StringComparer.Ordinal);
            return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\0', names))));
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <returns>Lowercase hex SHA-256 of the file, or null when there is none.</returns>
    public static string? HashOf(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    public string ToJson()
    {
        var doc = new JObject
        {
            // First, so that ShellFolder proves the file ours from its opening bytes.
            ["generatedBy"] = "Env.Sdk",
            ["format"] = CurrentFormat,
            ["project"] = Project,
            ["name"] = Name,
            ["profile"] = Profile,
            ["path"] = new JArray(PathEntries),
            ["variables"] = ShellActivation.VariablesToJson(Variables),
            ["tools"] = new JArray(Tools.Select(t => new JObject
            {
                ["name"] = t.Name, ["version"] = t.Version, ["storePath"] = t.StorePath, ["commands"] = new JArray(t.Commands),
            })),
            ["inputs"] = new JArray(Inputs.Select(i => new JObject
            {
                ["path"] = i.Path, ["sha256"] = i.Sha256, ["size"] = i.Size, ["modified"] = i.ModifiedTicks,
            })),
        };
        return doc.ToString(Formatting.Indented).ReplaceLineEndings("\n") + "\n";
    }

    /// <summary>
    /// Reads an env.json of the current format; null when there is none or it is of another format (an older build:
    /// the caller rebuilds). A file that is not ours (no marker, a link, too large) or malformed is ENV0614: it may
    /// have come with a checkout, and must not pass.
    /// </summary>
    /// <remarks>System.Text.Json, not Newtonsoft: it ships with the runtime, and this read is on the path
    /// <c>dotnet env print</c> and <c>shell</c> take on every call.</remarks>
    public static EnvManifest? TryLoad(string path)
    {
        byte[] bytes;
        try
        {
            // A fifo, a link (to /dev/zero) or a huge file is refused, never waited on or loaded (StateFile).
            if (StateFile.TryRead(path, MaxBytes) is not { } read) return null;
            bytes = read;
        }
        catch (StateFileException e)
        {
            throw Malformed(path, e.Why);
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        // Parsed once: this is the path every 'print' and 'shell' of a current env takes.
        using var doc = ParseDocument(bytes, path);
        if (Str(doc.RootElement, "generatedBy") != "Env.Sdk") throw Malformed(path, "it was not written by Env.Sdk");
        return IsCurrentFormat(doc.RootElement) ? FromDocument(doc.RootElement, path) : null;
    }

    /// <summary>
    /// Reads env.json's content (format 2). Everything is checked as env.proj's items are (names, values, sizes,
    /// mixes of forms; ENV0015–ENV0026) and anything malformed is ENV0614 naming <paramref name="file"/>.
    /// </summary>
    public static EnvManifest Parse(ReadOnlySpan<byte> json, string? file)
    {
        using var doc = ParseDocument(json.ToArray(), file);
        if (!IsCurrentFormat(doc.RootElement)) throw Malformed(file, $"its \"format\" is not {CurrentFormat}, the one this Env.Sdk writes");
        return FromDocument(doc.RootElement, file);
    }

    private static bool IsCurrentFormat(JsonElement root) =>
        root.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.Number && format.TryGetInt32(out var n) && n == CurrentFormat;

    private static EnvManifest FromDocument(JsonElement root, string? file)
    {
        var project = Required(root, "project", file);
        var entries = List(root, "path", file).Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Malformed(file, "an entry of \"path\" is not a string")).ToList();
        var variables = new List<(string, IReadOnlyDictionary<string, string>)>();
        foreach (var v in List(root, "variables", file))
        {
            if (v.ValueKind != JsonValueKind.Object) throw Malformed(file, "an entry of \"variables\" is not an object");
            var name = Required(v, "name", file);
            var op = EnvVarOps.Parse(Required(v, "op", file))
                ?? throw Malformed(file, $"variable '{PrintableText.Of(name)}' has an \"op\" other than set, prepend, append, unset");
            IReadOnlyDictionary<string, string> metadata = op == EnvVarOp.Unset
                ? new Dictionary<string, string> { ["Unset"] = "true" }
                : new Dictionary<string, string> { [op == EnvVarOp.Set ? "Value" : op.ToString()] = Required(v, "value", file) };
            variables.Add((name, metadata));
        }
        if (entries.Any(e => e.Contains('\0'))) throw Malformed(file, "a path entry holds a NUL");
        return new EnvManifest
        {
            Activation = new ShellActivation(project, entries, EnvVariableParser.ParseAll(variables, file)),
            Name = Str(root, "name") ?? "",
            Profile = Str(root, "profile") ?? "",
            Tools = OptionalList(root, "tools").Select(t => new ManifestTool(
                Required(t, "name", file), Str(t, "version") ?? "", Str(t, "storePath") ?? "",
                OptionalList(t, "commands").Select(c => c.GetString() ?? "").ToList())).ToList(),
            Inputs = OptionalList(root, "inputs").Select(i => new ManifestInput(Required(i, "path", file), Str(i, "sha256"), Num(i, "size") ?? -1, Num(i, "modified") ?? 0)).ToList(),
        };
    }

    private static JsonDocument ParseDocument(byte[] bytes, string? file)
    {
        try
        {
            var doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16, AllowDuplicateProperties = false });
            if (doc.RootElement.ValueKind == JsonValueKind.Object) return doc;
            doc.Dispose();
            throw Malformed(file, "it is not a JSON object");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw Malformed(file, $"it is not valid JSON ({e.Message})");
        }
    }

    /// <summary>Why the env on disk no longer matches its inputs (one changed, appeared or went), or null when it does.</summary>
    public string? Staleness()
    {
        // An env.json that records no inputs (a planted one) proves nothing current.
        if (Inputs.Count == 0) return "it records no inputs";
        foreach (var input in Inputs)
        {
            if (IsFolder(input.Path))
            {
                // A folder's time changes with its listing (and with an editor's swap file): only then is it listed again.
                var dir = new DirectoryInfo(input.Path);
                if (input.Sha256 is not null && dir.Exists && dir.LastWriteTimeUtc.Ticks == input.ModifiedTicks) continue;
                var listing = ListingHashOf(input.Path);
                if (listing == input.Sha256) continue;
                var folder = System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(input.Path));
                return listing is null ? $"{folder}/ was removed" : input.Sha256 is null ? $"{folder}/ appeared" : $"files were added to or removed from {folder}/";
            }
            // Untouched since the build: same size and time. Hashing would load the crypto library, which is most of
            // what a 'dotnet env print' on a current env would otherwise cost.
            var info = new FileInfo(input.Path);
            if (input.Sha256 is not null && info.Exists && info.Length == input.Size && info.LastWriteTimeUtc.Ticks == input.ModifiedTicks) continue;
            if (input.Sha256 is null && !info.Exists) continue;
            var now = HashOf(input.Path);
            if (now == input.Sha256) continue;
            var name = System.IO.Path.GetFileName(input.Path);
            return now is null ? $"{name} was removed" : input.Sha256 is null ? $"{name} appeared" : $"{name} changed";
        }
        return null;
    }

    private static EnvException Malformed(string? file, string why) =>
        new(EnvCode.ENV0614, $"env.json cannot be read: {why}. Build the env again ('dotnet env build', or 'dotnet build' on its env.proj) to rewrite it.", file);

    private static string Required(JsonElement e, string name, string? file) =>
        Str(e, name) is { } s && !s.Contains('\0') ? s : throw Malformed(file, $"\"{name}\" is missing or not a string");

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long? Num(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    private static IEnumerable<JsonElement> List(JsonElement e, string name, string? file) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().ToList() : throw Malformed(file, $"\"{name}\" is not a list");

    private static IEnumerable<JsonElement> OptionalList(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().ToList() : [];
}
