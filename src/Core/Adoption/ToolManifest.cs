using System.Text.Json;
using Env.Core.Diagnostics;
using Env.Core.IO;
using NuGet.Packaging;
using NuGet.Versioning;

namespace Env.Core.Adoption;

/// <summary>One tool of a dotnet-tools.json: the package, its exact version and the commands it declared.</summary>
public sealed record ManifestTool(string PackageId, string Version, IReadOnlyList<string> Commands, bool RollForward);

/// <summary>
/// The .NET SDK's local tool manifest, which <c>dotnet env init</c> imports: <c>.config/dotnet-tools.json</c>, or
/// <c>dotnet-tools.json</c> at the root, where .NET 10's <c>dotnet new tool-manifest</c> writes it (the SDK looks in
/// both; the first found wins, as here). A checkout's file: read as hostile (a regular file, at most 1 MiB, no link).
/// </summary>
public static class ToolManifest
{
    public const long MaxBytes = 1024 * 1024;

    /// <summary>Where the manifest of <paramref name="root"/> is, or null when it has none.</summary>
    public static string? Find(string root)
    {
        foreach (var candidate in new[] { Path.Combine(root, ".config", "dotnet-tools.json"), Path.Combine(root, "dotnet-tools.json") })
            if (File.Exists(candidate) || new FileInfo(candidate).LinkTarget is not null) return candidate;
        return null;
    }

    /// <summary>The tools of the manifest at <paramref name="path"/>, in its order. ENV0790, ENV0791.</summary>
    public static IReadOnlyList<ManifestTool> Read(string path)
    {
        var bytes = AdoptedFile.Read(path, MaxBytes) ?? throw AdoptedFile.Unusable(path, "it does not exist");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw AdoptedFile.Unusable(path, $"it is not JSON ({e.Message})");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("tools", out var tools) || tools.ValueKind != JsonValueKind.Object)
                throw AdoptedFile.Unusable(path, "it is not a tool manifest (an object with a \"tools\" object)");
            var result = new List<ManifestTool>();
            foreach (var tool in tools.EnumerateObject())
            {
                if (!PackageIdValidator.IsValidPackageId(tool.Name))
                    throw Bad(path, $"'{PrintableText.Of(tool.Name)}' is not a NuGet package id");
                if (tool.Value.ValueKind != JsonValueKind.Object || JsonFields.String(tool.Value, "version") is not { } version)
                    throw Bad(path, $"the tool '{tool.Name}' has no \"version\" string");
                if (!NuGetVersion.TryParse(version, out var parsed))
                    throw Bad(path, $"the tool '{tool.Name}' has the version '{PrintableText.Of(version)}', which is not a NuGet version");
                var commands = new List<string>();
                if (tool.Value.TryGetProperty("commands", out var list) && list.ValueKind == JsonValueKind.Array)
                    commands.AddRange(list.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.String).Select(c => c.GetString()!));
                var rollForward = tool.Value.TryGetProperty("rollForward", out var roll) && roll.ValueKind == JsonValueKind.True;
                result.Add(new ManifestTool(tool.Name, parsed.ToNormalizedString(), commands, rollForward));
            }
            return result;
        }
    }

    private static EnvException Bad(string path, string what) =>
        new(EnvCode.ENV0791, $"{path}: {what}. Fix the entry (dotnet tool restore would refuse it too), then run dotnet env init again. Nothing was changed.", path);
}
