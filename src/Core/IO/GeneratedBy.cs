using System.Text.Json;

namespace Env.Core.IO;

/// <summary>
/// The mark the JSON files Env.Sdk writes for itself open with (not the lock or the run lock, whose formats predate it), <c>"generatedBy": "Env.Sdk"</c> as its first key: env.json and
/// vscode.json (where <c>ShellFolder</c> proves a file ours by its first bytes, <see cref="IndentedOpening"/>, without
/// parsing it), the home manifest, journal and generation records. Written and checked here only.
/// </summary>
public static class GeneratedBy
{
    public const string Property = "generatedBy";
    public const string Value = "Env.Sdk";

    /// <summary>The first bytes of such a file written indented (two spaces, <c>\n</c>).</summary>
    public const string IndentedOpening = "{\n  \"" + Property + "\": \"" + Value + "\",";

    /// <summary>Writes the mark; call it first in the root object.</summary>
    public static void Write(Utf8JsonWriter w) => w.WriteString(Property, Value);

    /// <summary>Whether <paramref name="root"/> is an object with the mark.</summary>
    public static bool IsOn(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(Property, out var v) && v.ValueKind == JsonValueKind.String && v.ValueEquals(Value);
}
