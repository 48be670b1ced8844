using System.Globalization;
using System.Text.Json;

namespace Env.Core.Home;

/// <summary>
/// <c>generations/N.json</c>: one generation as <c>dotnet env generations</c> lists it. The entry is also linked beside it
/// (<c>N-link</c>, the store's root for it), which is what a switch trusts; the record is what a person reads.
/// </summary>
public sealed record GenerationRecord(int Number, string Entry, DateTimeOffset Created, string? Configuration, GenerationSource? Source)
{
    public const int MaxBytes = 64 * 1024;

    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            GeneratedBy.Write(w);
            w.WriteNumber("number", Number);
            w.WriteString("entry", Entry);
            w.WriteString("created", Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            if (Configuration is null) w.WriteNull("configuration"); else w.WriteString("configuration", Configuration);
            if (Source is null)
            {
                w.WriteNull("source");
            }
            else
            {
                w.WriteStartObject("source");
                WriteOptional(w, "project", Source.Project);
                WriteOptional(w, "url", Source.Url);
                WriteOptional(w, "commit", Source.Commit);
                w.WriteBoolean("dirty", Source.Dirty);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null) w.WriteNull(name); else w.WriteString(name, value);
    }

    /// <summary>The record at <paramref name="path"/>, or null when it is missing or unreadable (a listing shows what it can).</summary>
    public static GenerationRecord? TryLoad(string path, int number)
    {
        try
        {
            // A fifo, a link (to /dev/zero) or a huge file is unreadable (StateFile), never waited on or loaded.
            if (StateFile.TryRead(path, MaxBytes) is not { } bytes) return null;
            using var doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 4 });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            var source = root.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.Object
                ? new GenerationSource(Str(s, "project"), Str(s, "url"), Str(s, "commit"), s.TryGetProperty("dirty", out var d) && d.ValueKind == JsonValueKind.True)
                : null;
            var created = DateTimeOffset.TryParse(Str(root, "created"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var c) ? c : DateTimeOffset.MinValue;
            return new GenerationRecord(number, Str(root, "entry") ?? "", created, Str(root, "configuration"), source);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
