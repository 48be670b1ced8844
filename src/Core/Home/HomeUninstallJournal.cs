using System.Text.Json;
using Env.Core.Diagnostics;

namespace Env.Core.Home;

/// <summary>
/// <c>uninstall.json</c>: written whole before an uninstall changes anything and removed as its last step. It names the
/// generation whose files are being removed, because the uninstall forgets the <c>current</c> link that says it: a killed
/// uninstall is finished by the next one from this, every step judged again from what is on disk (removing a place that
/// is already gone, or putting back a backup already back, does nothing). While it is there, switch and rollback refuse
/// (ENV0946) rather than switch a home that is half uninstalled.
/// </summary>
public sealed record HomeUninstallJournal(HomeGenerationPointer? Generation)
{
    public const int MaxBytes = 64 * 1024;

    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            GeneratedBy.Write(w);
            w.WriteNumber("format", 1);
            if (Generation is null)
            {
                w.WriteNull("generation");
            }
            else
            {
                w.WriteStartObject("generation");
                w.WriteNumber("number", Generation.Number);
                w.WriteString("entry", Generation.Entry);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>The journal at <paramref name="path"/>, or null when there is none; ENV0918 when it cannot be trusted.</summary>
    public static HomeUninstallJournal? TryLoad(string path, string storeDir)
    {
        byte[]? bytes;
        try
        {
            bytes = StateFile.TryRead(path, MaxBytes);
        }
        catch (StateFileException ex)
        {
            throw Malformed(path, ex.Why);
        }
        if (bytes is null) return null;
        try
        {
            using var doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 4, AllowDuplicateProperties = false });
            var root = doc.RootElement;
            if (!GeneratedBy.IsOn(root)) throw Malformed(path, "it was not written by Env.Sdk");
            if (!root.TryGetProperty("generation", out var g)) throw Malformed(path, "\"generation\" is missing");
            if (g.ValueKind == JsonValueKind.Null) return new HomeUninstallJournal(Generation: null);
            if (g.ValueKind != JsonValueKind.Object) throw Malformed(path, "\"generation\" is not an object");
            var number = g.TryGetProperty("number", out var n) && n.TryGetInt32(out var v) && v > 0 ? v : throw Malformed(path, "the generation number is missing");
            var entry = g.TryGetProperty("entry", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Malformed(path, "the generation entry is missing");
            if (!HomeGeneration.IsGenerationEntry(entry, storeDir)) throw Malformed(path, $"'{PrintableText.Of(entry)}' is not a home generation in the store {storeDir}");
            return new HomeUninstallJournal(new HomeGenerationPointer(number, entry));
        }
        catch (JsonException ex)
        {
            throw Malformed(path, $"it is not valid JSON ({ex.Message})");
        }
        catch (InvalidOperationException ex)
        {
            throw Malformed(path, ex.Message);
        }
    }

    private static EnvException Malformed(string path, string why) =>
        new(EnvCode.ENV0918,
            $"The journal of an interrupted uninstall, {path}, cannot be used: {why}. Move the journal away and run 'dotnet env uninstall' again: it removes only the places it can prove its own.",
            path);
}
