using System.Security.Cryptography;
using System.Text.Json;
using Env.Core.Diagnostics;
using Newtonsoft.Json;

namespace Env.Core.Shell;

/// <summary>
/// <c>.envsdk/env.json</c>: everything a built env is, for programs that must not start MSBuild to learn it — the
/// PATH entries, the variables, the tools and their store entries, and the files it was built from with their hashes,
/// so <c>dotnet env</c> can tell whether it is current. Written by the build phase; read by <c>dotnet env</c>.
/// </summary>
public sealed record EnvManifest
{
    /// <summary>1: project, profile, path, variables as a map. 2: adds name, tools, inputs; variables as a list of operations.</summary>
    public const int CurrentFormat = 2;

    /// <summary>A real env.json is a few KiB; a bigger one is not ours to parse.</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    public required string Project { get; init; }
    public required string Name { get; init; }
    public required string Profile { get; init; }
    public required IReadOnlyList<string> PathEntries { get; init; }
    public required IReadOnlyList<EnvVariable> Variables { get; init; }
    public required IReadOnlyList<ManifestTool> Tools { get; init; }
    public required IReadOnlyList<ManifestInput> Inputs { get; init; }

    /// <summary>The record of each input as it is now on disk.</summary>
    public static IReadOnlyList<ManifestInput> Snapshot(IEnumerable<string> files) =>
        files.Select(f =>
        {
            var info = new FileInfo(f);
            return info.Exists
                ? new ManifestInput(info.FullName, HashOf(f), info.Length, info.LastWriteTimeUtc.Ticks)
                : new ManifestInput(info.FullName, null);
        }).ToList();

    /// <returns>Lowercase hex SHA-256 of the file, or null when there is none.</returns>
    public static string? HashOf(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    public string ToJson()
    {
        var doc = new
        {
            // First, so that ShellFolder proves the file ours from its opening bytes.
            generatedBy = "Env.Sdk",
            format = CurrentFormat,
            project = Project,
            name = Name,
            profile = Profile,
            path = PathEntries,
            variables = Variables.Select(v => new { name = v.Name, op = "set", value = v.Value }),
            tools = Tools.Select(t => new { name = t.Name, version = t.Version, storePath = t.StorePath, commands = t.Commands }),
            inputs = Inputs.Select(i => new { path = i.Path, sha256 = i.Sha256, size = i.Size, modified = i.ModifiedTicks }),
        };
        return JsonConvert.SerializeObject(doc, Formatting.Indented).ReplaceLineEndings("\n") + "\n";
    }

    /// <summary>
    /// Reads an env.json of the current format; null when there is none or it is of another format (an older build:
    /// the caller rebuilds). Anything else malformed is ENV0703, since a hand-edited or planted file must not pass.
    /// </summary>
    /// <remarks>System.Text.Json, not Newtonsoft: it ships precompiled with the runtime, and this read is on the path
    /// <c>dotnet env print</c> and the hook take on every call.</remarks>
    public static EnvManifest? TryLoad(string path)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) return null;
            if (info.LinkTarget is not null || info.Length > MaxBytes) throw Malformed(path, "it is a link or too large");
            bytes = File.ReadAllBytes(path);
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        try
        {
            using var doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16 });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Str(root, "generatedBy") != "Env.Sdk") throw Malformed(path, "it was not written by Env.Sdk");
            if (!root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.Number || format.GetInt32() != CurrentFormat) return null;
            return new EnvManifest
            {
                Project = Str(root, "project") ?? throw Malformed(path, "no project"),
                Name = Str(root, "name") ?? throw Malformed(path, "no name"),
                Profile = Str(root, "profile") ?? throw Malformed(path, "no profile"),
                PathEntries = Array(root, "path").Select(e => e.GetString() ?? throw Malformed(path, "a null path entry")).ToList(),
                Variables = Array(root, "variables").Select(v => Variable(path, v)).ToList(),
                Tools = Array(root, "tools").Select(t => new ManifestTool(
                    Str(t, "name") ?? throw Malformed(path, "a tool without a name"),
                    Str(t, "version") ?? "",
                    Str(t, "storePath") ?? "",
                    Array(t, "commands").Select(c => c.GetString() ?? "").ToList())).ToList(),
                Inputs = Array(root, "inputs").Select(i => new ManifestInput(
                    Str(i, "path") ?? throw Malformed(path, "an input without a path"),
                    Str(i, "sha256"),
                    Num(i, "size") ?? -1,
                    Num(i, "modified") ?? 0)).ToList(),
            };
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            throw Malformed(path, e.Message);
        }
    }

    /// <summary>Why the env on disk no longer matches its inputs (one changed, appeared or went), or null when it does.</summary>
    public string? Staleness()
    {
        foreach (var input in Inputs)
        {
            // Untouched since the build: same size and time. Hashing would load the crypto library, which is most of
            // what a 'dotnet env print' on a current env would otherwise cost.
            var info = new FileInfo(input.Path);
            if (input.Sha256 is not null && info.Exists && info.Length == input.Size && info.LastWriteTimeUtc.Ticks == input.ModifiedTicks) continue;
            if (input.Sha256 is null && !info.Exists) continue;
            var now = HashOf(input.Path);
            if (now == input.Sha256) continue;
            var name = System.IO.Path.GetFileName(input.Path);
            return now is null ? $"{name} was removed" : input.Sha256 is null ? $"{name} appeared" : $"{name} changed";
        }
        return null;
    }

    /// <summary>Names are checked as env.proj's are: a name goes into shell code unquoted.</summary>
    private static EnvVariable Variable(string path, JsonElement v)
    {
        try
        {
            return EnvVariable.Create(Str(v, "name") ?? throw Malformed(path, "a variable without a name"), Str(v, "value") ?? "", path);
        }
        catch (EnvException e) when (e.Code != "ENV0703")
        {
            throw Malformed(path, e.Message);
        }
    }

    private static EnvException Malformed(string path, string why) =>
        new("ENV0703", $"{path} is not a dev shell record Env.Sdk can read ({why}). Run 'dotnet env build' to write it again.", path);

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long? Num(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    private static IEnumerable<JsonElement> Array(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : [];
}
