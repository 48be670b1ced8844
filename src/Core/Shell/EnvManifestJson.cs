using System.Buffers;
using System.Text;
using System.Text.Json;
using Env.Core.Diagnostics;

namespace Env.Core.Shell;

/// <summary>
/// <c>.envsdk/env.json</c>'s one reader and writer (System.Text.Json: it ships with the runtime, needs no reflection in
/// the Native AOT tool, and this read is on the path <c>dotnet env print</c> and <c>shell</c> take on every call). The
/// writer opens with <c>"generatedBy": "Env.Sdk"</c>, which <see cref="ShellFolder"/> takes as the proof that the file
/// is ours; two-space indentation, <c>\n</c>, strings escaped by <see cref="JsonEscaping"/>, as Env.Sdk always wrote it.
/// The reader takes the file as hostile (ENV0614 for anything malformed).
/// </summary>
public static class EnvManifestJson
{
    public static string Write(EnvManifest manifest)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, JsonEscaping.Indented))
        {
            w.WriteStartObject();
            // First, so that ShellFolder proves the file ours from its opening bytes.
            GeneratedBy.Write(w);
            w.WriteNumber("format", EnvManifest.CurrentFormat);
            w.WriteString("project", manifest.Project);
            w.WriteString("name", manifest.Name);
            w.WriteString("profile", manifest.Profile);
            Strings(w, "path", manifest.PathEntries);
            EnvVariablesJson.Write(w, manifest.Variables);
            // Only when there are any: an env without aliases keeps the env.json it always had.
            if (manifest.Activation.Aliases.Count > 0)
            {
                w.WriteStartArray("aliases");
                foreach (var a in manifest.Activation.Aliases)
                {
                    w.WriteStartObject();
                    w.WriteString("name", a.Name);
                    w.WriteString("command", a.Command);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            WriteTools(w, manifest.Tools);
            w.WriteStartArray("inputs");
            foreach (var i in manifest.Inputs)
            {
                w.WriteStartObject();
                w.WriteString("path", i.Path);
                w.WriteString("sha256", i.Sha256);
                w.WriteNumber("size", i.Size);
                w.WriteNumber("modified", i.ModifiedTicks);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    /// <summary>The <c>"tools"</c> list, which <c>dotnet env print --format json</c> writes as env.json has it.</summary>
    public static void WriteTools(Utf8JsonWriter w, IEnumerable<ManifestTool> tools)
    {
        w.WriteStartArray("tools");
        foreach (var t in tools)
        {
            w.WriteStartObject();
            w.WriteString("name", t.Name);
            w.WriteString("version", t.Version);
            w.WriteString("storePath", t.StorePath);
            Strings(w, "commands", t.Commands);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    public static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values) w.WriteStringValue(value);
        w.WriteEndArray();
    }

    /// <summary>An env.json that must be ours (its marker) and of the current format: null for another format (an older build).</summary>
    public static EnvManifest? ReadCurrent(byte[] bytes, string path)
    {
        // Parsed once: this is the path every 'print' and 'shell' of a current env takes.
        using var doc = ParseDocument(bytes, path);
        if (!GeneratedBy.IsOn(doc.RootElement)) throw Malformed(path, "it was not written by Env.Sdk");
        return IsCurrentFormat(doc.RootElement) ? FromDocument(doc.RootElement, path) : null;
    }

    /// <summary>env.json's content, which must be of the current format.</summary>
    public static EnvManifest Read(ReadOnlySpan<byte> json, string? file)
    {
        using var doc = ParseDocument(json.ToArray(), file);
        if (!IsCurrentFormat(doc.RootElement)) throw Malformed(file, $"its \"format\" is not {EnvManifest.CurrentFormat}, the one this Env.Sdk writes");
        return FromDocument(doc.RootElement, file);
    }

    private static bool IsCurrentFormat(JsonElement root) =>
        root.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.Number && format.TryGetInt32(out var n) && n == EnvManifest.CurrentFormat;

    private static EnvManifest FromDocument(JsonElement root, string? file)
    {
        Func<string, EnvException> bad = why => Malformed(file, why);
        var project = JsonFields.Required(root, "project", bad);
        var entries = JsonFields.List(root, "path", bad).Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Malformed(file, "an entry of \"path\" is not a string")).ToList();
        var variables = EnvVariablesJson.Read(root, file, bad);
        if (entries.Any(e => e.Contains('\0'))) throw Malformed(file, "a path entry holds a NUL");
        // Judged as env.proj's items are (ENV0029, ENV0032, ENV0033); absent in a file written before aliases were.
        var aliases = ShellAliasParser.ParseAll(JsonFields.OptionalList(root, "aliases").Select(a => (
            JsonFields.Required(a, "name", bad),
            (IReadOnlyDictionary<string, string>)new Dictionary<string, string> { ["Command"] = JsonFields.Required(a, "command", bad) })), file);
        return new EnvManifest
        {
            Activation = new ShellActivation(project, entries, variables) { Aliases = aliases },
            Name = JsonFields.String(root, "name") ?? "",
            Profile = JsonFields.String(root, "profile") ?? "",
            Tools = JsonFields.OptionalList(root, "tools").Select(t => new ManifestTool(
                JsonFields.Required(t, "name", bad), JsonFields.String(t, "version") ?? "", JsonFields.String(t, "storePath") ?? "",
                JsonFields.OptionalList(t, "commands").Select(c => c.ValueKind == JsonValueKind.String ? c.GetString()! : throw bad("an entry of \"commands\" is not a string")).ToList())).ToList(),
            Inputs = JsonFields.OptionalList(root, "inputs").Select(i => new ManifestInput(
                JsonFields.Required(i, "path", bad), JsonFields.String(i, "sha256"), JsonFields.Long(i, "size") ?? -1, JsonFields.Long(i, "modified") ?? 0)).ToList(),
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

    internal static EnvException Malformed(string? file, string why) =>
        new(EnvCode.ENV0614, $"env.json cannot be read: {why}. Build the env again ('dotnet env build', or 'dotnet build' on its env.proj) to rewrite it.", file);
}
