using System.Text;
using System.Text.Json;
using Env.Core.Diagnostics;
using Env.Core.Shell;

namespace Env.Core.Ide;

/// <summary>
/// <c>.envsdk/vscode.json</c>: what EnvVsCode added to VS Code's settings — each variable with the value written,
/// the settings objects and the file it created — so that turning it off (or <c>dotnet clean</c>) removes exactly
/// that, and leaves what the user changed since. One of <see cref="ShellFolder"/>'s names, with env.json's marker.
/// </summary>
public sealed record VsCodeRecord(string SettingsFile, bool CreatedFile, IReadOnlyList<string> CreatedSettings, IReadOnlyList<VsCodeEntry> Entries)
{
    private const int MaxBytes = 1024 * 1024;

    /// <summary>The record in <paramref name="folder"/>, or null when there is none; malformed: ENV0833.</summary>
    public static VsCodeRecord? Read(ShellFolder folder, string? projectFile)
    {
        var path = Path.Combine(folder.Path, ShellFolder.VsCodeRecord);
        if (!File.Exists(path)) return null;
        folder.CheckWritable([ShellFolder.VsCodeRecord]);
        try
        {
            // Read as hostile (StateFile): a fifo, a link or a huge file is refused, never waited on or loaded.
            if (StateFile.TryRead(path, MaxBytes) is not { } bytes) return null;
            using var doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 8, AllowDuplicateProperties = false });
            var root = doc.RootElement;
            var entries = root.GetProperty("entries").EnumerateArray().Select(e => new VsCodeEntry(
                Required(e, "setting"), Required(e, "name"),
                e.GetProperty("value").ValueKind == JsonValueKind.Null ? null : e.GetProperty("value").GetString())).ToList();
            return new VsCodeRecord(Required(root, "settingsFile"), root.GetProperty("createdFile").GetBoolean(),
                root.GetProperty("createdSettings").EnumerateArray().Select(s => s.GetString()!).ToList(), entries);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or StateFileException)
        {
            throw new EnvException(EnvCode.ENV0833,
                $"{path} cannot be read ({e.Message}), so Env.Sdk cannot tell what it added to VS Code's settings. Remove what Env.Sdk added to .vscode/settings.json by hand, delete this file, and build again.",
                projectFile);
        }
    }

    public void Write(ShellFolder folder)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, JsonEscaping.Indented))
        {
            w.WriteStartObject();
            // First, as in env.json: the prefix is the proof that the file is ours (ShellFolder).
            GeneratedBy.Write(w);
            w.WriteString("settingsFile", SettingsFile);
            w.WriteBoolean("createdFile", CreatedFile);
            w.WriteStartArray("createdSettings");
            foreach (var s in CreatedSettings) w.WriteStringValue(s);
            w.WriteEndArray();
            w.WriteStartArray("entries");
            foreach (var e in Entries)
            {
                w.WriteStartObject();
                w.WriteString("setting", e.Setting);
                w.WriteString("name", e.Name);
                if (e.Value is null) w.WriteNull("value");
                else w.WriteString("value", e.Value);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        folder.Ensure();
        AtomicFile.WriteIfChanged(Path.Combine(folder.Path, ShellFolder.VsCodeRecord), Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n");
    }

    private static string Required(JsonElement e, string name) =>
        e.GetProperty(name).GetString() is { Length: > 0 } s ? s : throw new FormatException($"'{name}' is empty");
}
