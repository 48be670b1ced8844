using System.Text.Json;
using Env.Core.Diagnostics;

namespace Env.Core.IO;

/// <summary>
/// The fields of our JSON state files read as hostile input, one way for every reader (env.json, the home manifest, the
/// variables both hold): a value of the wrong kind, or an element that is not an object, is "missing" (never an
/// exception from System.Text.Json), and a string with a NUL is refused (no file name or variable may hold one). A
/// reader passes its own coded error (<paramref name="malformed"/>), so the message names its file and the next step.
/// </summary>
public static class JsonFields
{
    /// <summary>The string <paramref name="name"/> of object <paramref name="e"/>, or null when absent or not a string.</summary>
    public static string? String(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <param name="allowEmpty">Whether "" is a value (a variable's) or as bad as a missing one (a path, a hash).</param>
    public static string Required(JsonElement e, string name, Func<string, EnvException> malformed, bool allowEmpty = true) =>
        String(e, name) is { } s && (allowEmpty || s.Length > 0) && !s.Contains('\0') ? s : throw malformed($"\"{name}\" is missing or not a string");

    public static long? Long(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    public static List<JsonElement> List(JsonElement e, string name, Func<string, EnvException> malformed) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().ToList() : throw malformed($"\"{name}\" is not a list");

    /// <summary>The list <paramref name="name"/>, or none when absent (fields later formats added).</summary>
    public static List<JsonElement> OptionalList(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().ToList() : [];
}
