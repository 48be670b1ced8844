using System.Text;
using System.Text.Json;
using Env.Core.Diagnostics;
using Env.Core.Shell;

namespace Env.Core.Home;

/// <summary>
/// A home generation's <c>manifest.json</c>: the env's name and configuration, the tools' profile entry, the session's
/// variables, the tools and their versions, every file with its place, mode and content hash, the activation commands in
/// the order they run, and the HomeFiles' OnChange commands. Fields added after the first version are optional, so a
/// generation an older Env.Sdk built stays readable (its diff says what it did not record). Written by the build
/// (<c>HomeGenerationBuilder</c>), read by every switch. A store entry can be planted or edited by hand, so reading checks
/// everything again (ENV0910) before a switch acts on it.
/// </summary>
public sealed record HomeManifest
{
    public const int CurrentFormat = 1;

    /// <summary>5,000 files take about 1 MiB; far more than anyone's home, still bounded.</summary>
    public const int MaxBytes = 64 * 1024 * 1024;

    public required string Name { get; init; }

    /// <summary>The home configuration the generation was built from (homes/NAME.props), or null for an env.proj without one.</summary>
    public string? Configuration { get; init; }

    /// <summary>The tools' profile store entry, whose <c>bin/</c> is the session's first PATH entry.</summary>
    public required string Profile { get; init; }

    /// <summary>
    /// The profile's tools and their versions, or null in a manifest an older Env.Sdk wrote, which did not record them
    /// (a diff then says it cannot compare tools).
    /// </summary>
    public IReadOnlyList<HomeToolEntry>? Tools { get; init; }

    public required IReadOnlyList<EnvVariable> Variables { get; init; }

    /// <summary>In ordinal order of <see cref="HomeFileEntry.Path"/>, unique, no path a folder of another.</summary>
    public required IReadOnlyList<HomeFileEntry> Files { get; init; }

    public required IReadOnlyList<HomeActivationEntry> Activations { get; init; }

    /// <summary>The HomeFile items' <c>OnChange</c> commands, in item order (<see cref="HomeOnChange"/>).</summary>
    public IReadOnlyList<HomeOnChangeEntry> OnChange { get; init; } = [];

    /// <summary>
    /// The state folder the build wrote into the session scripts (their PATH entry is its <c>home/profile/bin</c>), or null
    /// in a manifest that does not say: a switch that records generations in another folder refuses it (ENV0927).
    /// </summary>
    public string? StateDir { get; init; }

    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            GeneratedBy.Write(w);
            w.WriteNumber("format", CurrentFormat);
            w.WriteString("kind", "home");
            w.WriteString("name", Name);
            if (Configuration is null) w.WriteNull("configuration"); else w.WriteString("configuration", Configuration);
            w.WriteString("profile", Profile);
            if (StateDir is not null) w.WriteString("stateDir", StateDir);
            if (Tools is not null)
            {
                w.WriteStartArray("tools");
                foreach (var t in Tools.OrderBy(t => t.Name, StringComparer.Ordinal))
                {
                    w.WriteStartObject();
                    w.WriteString("name", t.Name);
                    w.WriteString("version", t.Version);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            EnvVariablesJson.Write(w, Variables);
            w.WriteStartArray("files");
            foreach (var f in Files.OrderBy(f => f.Path, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("path", f.Path);
                w.WriteString("mode", f.Mode == HomeFileMode.Copy ? "copy" : "link");
                w.WriteBoolean("executable", f.Executable);
                w.WriteString("sha256", f.Sha256);
                w.WriteNumber("size", f.Size);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("activations");
            foreach (var a in Activations)
            {
                w.WriteStartObject();
                w.WriteString("name", a.Name);
                w.WriteString("command", a.Command);
                // Only when given: most activations have none, and the manifest stays as it was for them.
                if (a.After.Count > 0)
                {
                    w.WriteStartArray("after");
                    foreach (var name in a.After) w.WriteStringValue(name);
                    w.WriteEndArray();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            // Only when given, as "after": most homes have none.
            if (OnChange.Count > 0)
            {
                w.WriteStartArray("onChange");
                foreach (var c in OnChange)
                {
                    w.WriteStartObject();
                    w.WriteString("place", c.Place);
                    w.WriteString("command", c.Command);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Reads <c>manifest.json</c> of the generation entry at <paramref name="entryPath"/>; ENV0910 when it is missing or malformed.</summary>
    public static HomeManifest Load(string entryPath)
    {
        var file = Path.Combine(entryPath, HomeGeneration.ManifestFile);
        byte[] bytes;
        try
        {
            bytes = StateFile.TryRead(file, MaxBytes) ?? throw Malformed(file, "it does not exist");
        }
        catch (StateFileException e)
        {
            throw Malformed(file, e.Why);
        }
        catch (DirectoryNotFoundException)
        {
            throw Malformed(file, "its generation is not in the store");
        }
        return Parse(bytes, file);
    }

    public static HomeManifest Parse(byte[] json, string? file)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8, AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw Malformed(file, $"it is not valid JSON ({e.Message})");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (!GeneratedBy.IsOn(root) || JsonFields.String(root, "kind") != "home")
                throw Malformed(file, "it is not a home generation's manifest written by Env.Sdk");
            if (JsonFields.Long(root, "format") != CurrentFormat)
                throw Malformed(file, $"its \"format\" is not {CurrentFormat}, the one this Env.Sdk reads; build the configuration again with this version");
            Func<string, EnvException> bad = why => Malformed(file, why);
            var variables = EnvVariablesJson.Read(root, file, bad);
            var files = new List<HomeFileEntry>();
            foreach (var f in JsonFields.List(root, "files", bad))
            {
                var path = JsonFields.Required(f, "path", bad, allowEmpty: false);
                if (HomePath.Refusal(path) is { } why) throw Malformed(file, $"file '{PrintableText.Of(path)}' cannot be in a home: {why}");
                var mode = JsonFields.String(f, "mode") switch
                {
                    "link" => HomeFileMode.Link,
                    "copy" => HomeFileMode.Copy,
                    _ => throw Malformed(file, $"file '{path}' has a \"mode\" other than link or copy"),
                };
                var sha = JsonFields.Required(f, "sha256", bad, allowEmpty: false);
                if (sha.Length != 64 || !sha.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f')) throw Malformed(file, $"file '{path}' has a \"sha256\" that is not 64 lowercase hex digits");
                if (!f.TryGetProperty("size", out var size) || !size.TryGetInt64(out var bytesLong) || bytesLong < 0) throw Malformed(file, $"file '{path}' has no \"size\"");
                var executable = f.TryGetProperty("executable", out var x) && x.ValueKind == JsonValueKind.True;
                files.Add(new HomeFileEntry(path, mode, executable, sha, bytesLong));
            }
            CheckPlaces(files, file);
            var activations = JsonFields.List(root, "activations", bad).Select(a => new HomeActivationEntry(JsonFields.Required(a, "name", bad, allowEmpty: false), JsonFields.Required(a, "command", bad, allowEmpty: false))
            {
                After = Strings(a, "after"),
            }).ToList();
            var onChange = JsonFields.OptionalList(root, "onChange").Select(c =>
            {
                var place = JsonFields.Required(c, "place", bad, allowEmpty: false);
                if (HomePath.Refusal(place) is { } why) throw Malformed(file, $"onChange place '{PrintableText.Of(place)}' cannot be in a home: {why}");
                return new HomeOnChangeEntry(place, JsonFields.Required(c, "command", bad, allowEmpty: false));
            }).ToList();
            List<HomeToolEntry>? tools = root.TryGetProperty("tools", out _)
                ? JsonFields.List(root, "tools", bad).Select(t => new HomeToolEntry(JsonFields.Required(t, "name", bad, allowEmpty: false), JsonFields.Required(t, "version", bad))).ToList()
                : null;
            return new HomeManifest
            {
                Name = JsonFields.Required(root, "name", bad, allowEmpty: false),
                Configuration = JsonFields.String(root, "configuration"),
                Profile = JsonFields.Required(root, "profile", bad, allowEmpty: false),
                Tools = tools,
                Variables = variables,
                Files = files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList(),
                Activations = activations,
                OnChange = onChange,
                StateDir = JsonFields.String(root, "stateDir"),
            };
        }
    }

    /// <summary>The strings of the optional list <paramref name="name"/> (a value of another kind is skipped).</summary>
    private static List<string> Strings(JsonElement e, string name) =>
        JsonFields.OptionalList(e, name).Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList();

    /// <summary>Two files at one place, or a file where another needs a folder (<c>a</c> and <c>a/b</c>), cannot both be in a home.</summary>
    private static void CheckPlaces(List<HomeFileEntry> files, string? file)
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in files)
            if (!paths.Add(f.Path)) throw Malformed(file, $"file '{f.Path}' is listed twice");
        foreach (var f in files)
            for (var slash = f.Path.IndexOf('/'); slash > 0; slash = f.Path.IndexOf('/', slash + 1))
                if (paths.Contains(f.Path[..slash])) throw Malformed(file, $"'{f.Path[..slash]}' is both a file and the folder of '{f.Path}'");
    }

    private static EnvException Malformed(string? file, string why) =>
        new(EnvCode.ENV0910, $"The home generation's manifest cannot be used: {why}. Build the configuration again ('dotnet env build' in the home repository).", file);
}
