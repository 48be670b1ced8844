using System.Text.Json;

namespace Env.Core.Image;

/// <summary>
/// A base image as pulled for one platform (<see cref="BaseImagePull"/>): its layers (files in the download cache,
/// each checked against its digest), its config's bytes (whose runtime settings the env's image keeps, and whose
/// environment it starts from), and the digest it was pulled by (what the lock pins).
/// </summary>
/// <param name="Digest">The digest the reference resolved to (an index's or a manifest's): what the lock pins.</param>
/// <param name="ManifestDigest">The platform's image manifest (the same as <paramref name="Digest"/> when that was a manifest).</param>
/// <param name="Config">The config's bytes, checked by <see cref="BaseImagePull"/> to be a JSON object.</param>
/// <param name="Layers">In order, with their diff ids from the config and OCI media types.</param>
public sealed record BaseImage(string Digest, string ManifestDigest, byte[] Config, IReadOnlyList<ImageBlob> Layers)
{
    private readonly JsonElement _root = ParseRoot(Config);

    /// <summary>The config's <c>config</c> object (Env, Entrypoint, Cmd, User, Labels…), or null.</summary>
    public JsonElement? RuntimeConfig => _root.TryGetProperty("config", out var c) && c.ValueKind == JsonValueKind.Object ? c : null;

    /// <summary>The config's <c>history</c> lines, one per layer or empty step.</summary>
    public IEnumerable<JsonElement> History =>
        _root.TryGetProperty("history", out var h) && h.ValueKind == JsonValueKind.Array ? h.EnumerateArray() : [];

    /// <summary>The config's <c>variant</c> (v8 of arm64…), or null.</summary>
    public string? Variant => _root.TryGetProperty("variant", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>The base's environment, <c>NAME=VALUE</c> as its config lists it (later wins, as a runtime applies it).</summary>
    public IReadOnlyDictionary<string, string> Environment => EnvironmentOf(RuntimeConfig);

    /// <summary>The base's labels, which the env's own override.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels =>
        RuntimeConfig is { } runtime && runtime.TryGetProperty("Labels", out var labels) && labels.ValueKind == JsonValueKind.Object
            ? labels.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String).Select(p => KeyValuePair.Create(p.Name, p.Value.GetString()!)).ToList()
            : [];

    private static JsonElement ParseRoot(byte[] config)
    {
        using var doc = JsonDocument.Parse(config);
        return doc.RootElement.Clone();
    }

    private static Dictionary<string, string> EnvironmentOf(JsonElement? runtime)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (runtime is { } c && c.TryGetProperty("Env", out var env) && env.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in env.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String) continue;
                var text = item.GetString()!;
                var eq = text.IndexOf('=');
                if (eq > 0) result[text[..eq]] = text[(eq + 1)..];
            }
        }
        return result;
    }
}
