using System.Text.Json;
using Env.Core.Diagnostics;

namespace Env.Core.Home;

/// <summary>
/// <c>switch.json</c>: written whole before a switch changes anything in the home and removed after its commit. A journal
/// found by the next switch (or rollback, or generations) means one died midway; it says enough to put the home back
/// exactly as one of the two generations has it: both entries, whether the switch records a new generation, and which
/// user files it was moving aside. Which way to go is read from the <c>current</c> link: the commit point.
/// </summary>
public sealed record HomeJournal
{
    public const int MaxBytes = 16 * 1024 * 1024;

    /// <summary>The switching process: its leftover temporary files in the home carry this number.</summary>
    public required int ProcessId { get; init; }

    /// <summary>The generation the home was at, or null on the first switch.</summary>
    public required HomeGenerationPointer? From { get; init; }

    public required HomeGenerationPointer To { get; init; }

    /// <summary>True when the switch records a new generation (To.Number did not exist before): a rollback forgets it again.</summary>
    public required bool NewGeneration { get; init; }

    public string? BackupExtension { get; init; }

    /// <summary>Places whose user file is moved to PATH + BackupExtension; a rollback moves each back.</summary>
    public IReadOnlyList<string> Backups { get; init; } = [];

    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            GeneratedBy.Write(w);
            w.WriteNumber("format", 1);
            w.WriteNumber("pid", ProcessId);
            if (From is null) w.WriteNull("from"); else Write(w, "from", From);
            Write(w, "to", To);
            w.WriteBoolean("newGeneration", NewGeneration);
            if (BackupExtension is null) w.WriteNull("backupExtension"); else w.WriteString("backupExtension", BackupExtension);
            w.WriteStartArray("backups");
            foreach (var b in Backups) w.WriteStringValue(b);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void Write(Utf8JsonWriter w, string name, HomeGenerationPointer p)
    {
        w.WriteStartObject(name);
        w.WriteNumber("number", p.Number);
        w.WriteString("entry", p.Entry);
        w.WriteEndObject();
    }

    /// <summary>The journal at <paramref name="path"/>, or null when there is none; ENV0918 when it cannot be trusted.</summary>
    public static HomeJournal? TryLoad(string path, string storeDir)
    {
        byte[]? bytes;
        try
        {
            // A fifo, a link (to /dev/zero) or a huge file is refused, never waited on or loaded (StateFile).
            bytes = StateFile.TryRead(path, MaxBytes);
        }
        catch (StateFileException ex)
        {
            throw Malformed(path, ex.Why);
        }
        if (bytes is null) return null;
        try
        {
            using var doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 8, AllowDuplicateProperties = false });
            var root = doc.RootElement;
            if (!GeneratedBy.IsOn(root))
                throw Malformed(path, "it was not written by Env.Sdk");
            var extension = root.TryGetProperty("backupExtension", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            if (extension is not null && BackupExtensionRefusal(extension) is { } why) throw Malformed(path, why);
            var backups = root.TryGetProperty("backups", out var b) && b.ValueKind == JsonValueKind.Array
                ? b.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String && HomePath.Refusal(x.GetString()!) is null ? x.GetString()! : throw Malformed(path, "a backup is not a path in the home")).ToList()
                : throw Malformed(path, "\"backups\" is not a list");
            if (backups.Count > 0 && extension is null) throw Malformed(path, "it lists backups without an extension");
            return new HomeJournal
            {
                ProcessId = root.TryGetProperty("pid", out var pid) && pid.TryGetInt32(out var n) ? n : 0,
                From = root.TryGetProperty("from", out var f) && f.ValueKind == JsonValueKind.Object ? Pointer(f, path, storeDir) : null,
                To = root.TryGetProperty("to", out var t) && t.ValueKind == JsonValueKind.Object ? Pointer(t, path, storeDir) : throw Malformed(path, "\"to\" is missing"),
                NewGeneration = root.TryGetProperty("newGeneration", out var ng) && ng.ValueKind == JsonValueKind.True,
                BackupExtension = extension,
                Backups = backups,
            };
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

    private static HomeGenerationPointer Pointer(JsonElement e, string path, string storeDir)
    {
        var number = e.TryGetProperty("number", out var n) && n.TryGetInt32(out var v) && v > 0 ? v : throw Malformed(path, "a generation number is missing");
        var entry = e.TryGetProperty("entry", out var x) && x.ValueKind == JsonValueKind.String ? x.GetString()! : throw Malformed(path, "a generation entry is missing");
        if (!HomeGeneration.IsGenerationEntry(entry, storeDir)) throw Malformed(path, $"'{PrintableText.Of(entry)}' is not a home generation in the store {storeDir}");
        return new HomeGenerationPointer(number, entry);
    }

    /// <summary>Why <paramref name="extension"/> cannot be a backup extension (-b), or null when it can: it is added to a file's name, so it must keep the name a name.</summary>
    public static string? BackupExtensionRefusal(string extension)
    {
        if (extension.Length == 0) return "the backup extension is empty";
        if (extension.Length > 64) return "the backup extension is longer than 64 characters";
        if (extension.Any(c => c is '/' or '\\' || char.IsControl(c))) return "the backup extension holds a '/', '\\' or a control character";
        if (extension.Contains(".envsdk-tmp-", StringComparison.Ordinal)) return "the backup extension looks like Env.Sdk's temporary names";
        return null;
    }

    private static EnvException Malformed(string path, string why) =>
        new(EnvCode.ENV0918,
            $"The journal of an interrupted switch, {path}, cannot be used: {why}. The home may be between two generations. Move the journal away and run 'dotnet env switch' again: it stops on any place it cannot prove its own and lists it.",
            path);
}

/// <summary>A generation by number and store entry.</summary>
public sealed record HomeGenerationPointer(int Number, string Entry);
