using System.Text;
using System.Text.Json;

namespace Env.Core.Adoption;

/// <summary>What <see cref="GlobalJsonPin"/> found or made.</summary>
/// <param name="Text">The new text of global.json, or null when it stays as it is.</param>
/// <param name="PinnedVersion">The Env.Sdk version global.json pins afterwards (the repository's own pin when it had one).</param>
public sealed record GlobalJsonPinResult(string? Text, string PinnedVersion);

/// <summary>
/// Adds <c>"msbuild-sdks": { "Env.Sdk": "VERSION" }</c> to a repository's global.json, every other byte kept: its
/// <c>sdk</c>, <c>test</c> (the Microsoft.Testing.Platform runner) and other keys, comments and formatting. The text is
/// inserted at offsets the JSON reader gives, not re-serialized; the result is parsed again and must hold the pin and
/// every key it held before. A pin already there is kept, whatever its version: the repository chose it.
/// </summary>
public static class GlobalJsonPin
{
    public const string SdkName = "Env.Sdk";
    public const long MaxBytes = 1024 * 1024;

    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 16 };

    /// <param name="path">global.json (for messages).</param>
    /// <param name="existing">Its bytes, or null when there is none.</param>
    public static GlobalJsonPinResult Add(string path, byte[]? existing, string version)
    {
        if (existing is null)
            return new($"{{\n  \"msbuild-sdks\": {{\n    \"{SdkName}\": \"{version}\"\n  }}\n}}\n", version);

        var bom = existing.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        var json = existing.AsSpan(bom).ToArray();
        var (rootOpen, rootEmpty, sdksOpen, sdksEmpty, pinned, keys) = Scan(path, json);
        if (pinned is not null) return new(null, pinned);

        var text = Encoding.UTF8.GetString(json);
        var indent = Indent(text);
        string inserted;
        int at;
        if (sdksOpen is { } open)
        {
            at = open + 1;
            inserted = $"\n{indent}{indent}\"{SdkName}\": \"{version}\"" + (sdksEmpty ? $"\n{indent}" : ",");
        }
        else
        {
            at = rootOpen + 1;
            inserted = $"\n{indent}\"msbuild-sdks\": {{\n{indent}{indent}\"{SdkName}\": \"{version}\"\n{indent}}}" + (rootEmpty ? "\n" : ",");
        }
        var updated = Encoding.UTF8.GetString(json[..at]) + inserted + Encoding.UTF8.GetString(json[at..]);

        // The edit proven by reading it back: the pin is there and no key was lost.
        var check = Scan(path, Encoding.UTF8.GetBytes(updated));
        if (check.Pinned != version || !keys.All(check.Keys.Contains))
            throw AdoptedFile.Unusable(path, "adding the Env.Sdk pin would not leave it valid JSON with its keys (add \"msbuild-sdks\": { \"Env.Sdk\": \"" + version + "\" } by hand)");
        return new((bom > 0 ? "\uFEFF" : "") + updated, version);
    }

    /// <summary>The offsets of the root's and msbuild-sdks' '{' (bytes), whether each is empty, the pinned version, and the root's keys.</summary>
    private static (int RootOpen, bool RootEmpty, int? SdksOpen, bool SdksEmpty, string? Pinned, HashSet<string> Keys) Scan(string path, byte[] json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                throw AdoptedFile.Unusable(path, "it is not a JSON object");
            var rootOpen = (int)reader.TokenStartIndex;
            var keys = new HashSet<string>(StringComparer.Ordinal);
            int? sdksOpen = null;
            var sdksEmpty = false;
            string? pinned = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                keys.Add(name);
                reader.Read();
                if (name == "msbuild-sdks" && reader.TokenType == JsonTokenType.StartObject)
                {
                    sdksOpen = (int)reader.TokenStartIndex;
                    sdksEmpty = true;
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        sdksEmpty = false;
                        var sdk = reader.GetString()!;
                        reader.Read();
                        if (string.Equals(sdk, SdkName, StringComparison.OrdinalIgnoreCase) && reader.TokenType == JsonTokenType.String) pinned = reader.GetString();
                        else reader.Skip();
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject) throw AdoptedFile.Unusable(path, "it is not a JSON object");
            return (rootOpen, keys.Count == 0, sdksOpen, sdksEmpty, pinned, keys);
        }
        catch (JsonException e)
        {
            throw AdoptedFile.Unusable(path, $"it is not JSON ({e.Message})");
        }
    }

    /// <summary>The indentation of the file's first indented line, else two spaces.</summary>
    private static string Indent(string text)
    {
        foreach (var line in text.Split('\n').Skip(1))
        {
            var width = line.Length - line.TrimStart(' ', '\t').Length;
            if (width > 0 && line.Trim().Length > 0) return line[..width];
        }
        return "  ";
    }
}
