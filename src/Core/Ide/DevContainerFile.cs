using System.Buffers;
using System.Text;
using System.Text.Json;
using Env.Core.Diagnostics;

namespace Env.Core.Ide;

/// <summary>
/// <c>.devcontainer/devcontainer.json</c> for a repository whose env is <c>env.proj</c> (<c>dotnet env devcontainer</c>):
/// either the env's image (<c>--image</c>, made by <c>dotnet env image</c>: the tools on PATH from its config), or a base
/// image with the .NET SDK (<c>--base-image</c>) on which the container builds the env when it is created and every
/// bash terminal gets the prompt hook; and VS Code's extensions the repository already recommends
/// (<c>.vscode/extensions.json</c>). Ours is marked by its first line: a file without the mark is the user's and is
/// never overwritten (ENV0796); ours is rewritten whole (temp and rename).
/// </summary>
public static class DevContainerFile
{
    public const string Marker = "// Written by `dotnet env devcontainer`";
    private const int MaxBytes = 1 << 20;

    public static string PathIn(string root) => Path.Combine(root, ".devcontainer", "devcontainer.json");

    /// <summary>The <c>recommendations</c> of <c>.vscode/extensions.json</c> (JSON with comments), or none; bounded, and only well-formed ids.</summary>
    public static IReadOnlyList<string> RecommendedExtensions(string root)
    {
        var file = Path.Combine(root, ".vscode", "extensions.json");
        try
        {
            if (StateFile.TryRead(file, MaxBytes) is not { } bytes) return [];
            using var doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 16 });
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("recommendations", out var list) || list.ValueKind != JsonValueKind.Array) return [];
            return list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)
                .Where(IsExtensionId).Distinct(StringComparer.OrdinalIgnoreCase).Take(100).ToList();
        }
        catch (Exception e) when (e is JsonException or StateFileException or FileNotFoundException or DirectoryNotFoundException)
        {
            return []; // a broken or odd file recommends nothing; VS Code says the same of it
        }
    }

    /// <summary>publisher.name, as the marketplace has them.</summary>
    private static bool IsExtensionId(string id) =>
        id.Length is > 2 and <= 200 && id.Count(c => c == '.') == 1 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    /// <param name="envFolder">The env's folder from the repository's root (<c>.</c>, <c>env</c>), for the build on create.</param>
    public static string Text(string name, string? image, string? baseImage, string envFolder, IReadOnlyList<string> extensions)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, JsonEscaping.Indented))
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            if (image is not null)
            {
                // The image's config has the env's PATH and variables: every process in the container sees them.
                w.WriteString("image", image);
            }
            else
            {
                w.WriteString("image", baseImage);
                // The folder is the checkout's to name: quoted for the shell that runs the command unless plainly safe.
                var env = envFolder == "." ? "" : " " + (envFolder.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '/') ? envFolder : Profiles.ShellQuote.Posix(envFolder));
                w.WriteString("postCreateCommand",
                    $"dotnet tool restore && dotnet env build{env} && printf '%s\\n' 'eval \"$(dotnet env hook bash)\"' >> ~/.bashrc");
            }
            w.WriteStartObject("customizations");
            w.WriteStartObject("vscode");
            if (image is null)
            {
                // The hook is bash's (above): VS Code's terminals open bash, so each has the env. Not EnvVsCode: the
                // workspace's .vscode/settings.json is the host's own file, mounted in, and the container's store paths
                // are not the host's.
                w.WriteStartObject("settings");
                w.WriteString("terminal.integrated.defaultProfile.linux", "bash");
                w.WriteEndObject();
            }
            w.WriteStartArray("extensions");
            foreach (var extension in extensions) w.WriteStringValue(extension);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Marker + $" from {envFolder}/env.proj; run it again to refresh, or delete this line to keep your own edits.\n"
            + Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
    }

    /// <summary>Writes the file unless one that is not ours is there; the folder must be a real folder (not a link).</summary>
    public static void Write(string root, string text, string? projectFile)
    {
        var path = PathIn(root);
        var folder = Path.GetDirectoryName(path)!;
        if (new DirectoryInfo(folder).LinkTarget is not null)
            throw new EnvException(EnvCode.ENV0796, $"{folder} is a link, so devcontainer.json would be written wherever it leads. Nothing was written. Make it a real folder.", projectFile);
        string? existing;
        try
        {
            existing = StateFile.TryReadText(path, MaxBytes);
        }
        catch (StateFileException e)
        {
            throw new EnvException(EnvCode.ENV0796, $"{path} cannot be read ({e.Why}), so it may be yours. Nothing was written. Move it aside, then run the command again.", projectFile);
        }
        if (existing is not null && !existing.StartsWith(Marker, StringComparison.Ordinal))
        {
            throw new EnvException(EnvCode.ENV0796,
                $"{path} is yours (it does not start with the line this command writes). Nothing was written. Move it aside, run the command again, then merge what you need of yours into the new file.",
                projectFile);
        }
        Directory.CreateDirectory(folder);
        var temp = path + ".envsdk-tmp-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            File.WriteAllText(temp, text, new UTF8Encoding(false));
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
