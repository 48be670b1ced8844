using System.Security.Cryptography;
using Env.Core.Diagnostics;

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

    /// <summary>A real env.json is a few KiB, a home env's with every dotfile as an input up to a few MiB; a bigger one is not ours to parse.</summary>
    public const int MaxBytes = 64 * 1024 * 1024;

    /// <summary>The project, PATH entries and variables every activate script is generated from.</summary>
    public required ShellActivation Activation { get; init; }
    public required string Name { get; init; }
    public required string Profile { get; init; }
    public required IReadOnlyList<ManifestTool> Tools { get; init; }
    public required IReadOnlyList<ManifestInput> Inputs { get; init; }

    public string Project => Activation.ProjectFile;
    public IReadOnlyList<string> PathEntries => Activation.PathEntries;
    public IReadOnlyList<EnvVariable> Variables => Activation.Variables;

    /// <summary>
    /// The record of each input as it is now on disk. A path ending with a separator is a folder (a home env's source
    /// folder): its record is the hash of its listing, so a file added to or removed from it makes the env stale.
    /// </summary>
    public static IReadOnlyList<ManifestInput> Snapshot(IEnumerable<string> files) =>
        files.Select(f =>
        {
            if (IsFolder(f))
            {
                var dir = new DirectoryInfo(f);
                var path = System.IO.Path.TrimEndingDirectorySeparator(dir.FullName) + System.IO.Path.DirectorySeparatorChar;
                return dir.Exists ? new ManifestInput(path, ListingHashOf(path), 0, dir.LastWriteTimeUtc.Ticks) : new ManifestInput(path, null);
            }
            var info = new FileInfo(f);
            return info.Exists
                ? new ManifestInput(info.FullName, HashOf(f), info.Length, info.LastWriteTimeUtc.Ticks)
                : new ManifestInput(info.FullName, null);
        }).ToList();

    private static bool IsFolder(string path) => path.EndsWith('/') || path.EndsWith(System.IO.Path.DirectorySeparatorChar);

    /// <returns>Lowercase hex SHA-256 of the names directly in the folder, in ordinal order; null when there is no folder.</returns>
    public static string? ListingHashOf(string folder)
    {
        try
        {
            var names = Directory.EnumerateFileSystemEntries(folder).Select(e => System.IO.Path.GetFileName(e)).Order(StringComparer.Ordinal);
            return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\0', names))));
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

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

    /// <summary>The file's text (<see cref="EnvManifestJson"/>).</summary>
    public string ToJson() => EnvManifestJson.Write(this);

    /// <summary>
    /// Reads an env.json of the current format; null when there is none or it is of another format (an older build:
    /// the caller rebuilds). A file that is not ours (no marker, a link, too large) or malformed is ENV0614: it may
    /// have come with a checkout, and must not pass.
    /// </summary>
    public static EnvManifest? TryLoad(string path)
    {
        byte[] bytes;
        try
        {
            // A fifo, a link (to /dev/zero) or a huge file is refused, never waited on or loaded (StateFile).
            if (StateFile.TryRead(path, MaxBytes) is not { } read) return null;
            bytes = read;
        }
        catch (StateFileException e)
        {
            throw EnvManifestJson.Malformed(path, e.Why);
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        return EnvManifestJson.ReadCurrent(bytes, path);
    }

    /// <summary>
    /// Reads env.json's content (format 2). Everything is checked as env.proj's items are (names, values, sizes,
    /// mixes of forms; ENV0015–ENV0026) and anything malformed is ENV0614 naming <paramref name="file"/>.
    /// </summary>
    public static EnvManifest Parse(ReadOnlySpan<byte> json, string? file) => EnvManifestJson.Read(json, file);

    /// <summary>Why the env on disk no longer matches its inputs (one changed, appeared or went), or null when it does.</summary>
    public string? Staleness()
    {
        // An env.json that records no inputs (a planted one) proves nothing current.
        if (Inputs.Count == 0) return "it records no inputs";
        foreach (var input in Inputs)
        {
            if (IsFolder(input.Path))
            {
                // A folder's time changes with its listing (and with an editor's swap file): only then is it listed again.
                var dir = new DirectoryInfo(input.Path);
                if (input.Sha256 is not null && dir.Exists && dir.LastWriteTimeUtc.Ticks == input.ModifiedTicks) continue;
                var listing = ListingHashOf(input.Path);
                if (listing == input.Sha256) continue;
                var folder = System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(input.Path));
                return listing is null ? $"{folder}/ was removed" : input.Sha256 is null ? $"{folder}/ appeared" : $"files were added to or removed from {folder}/";
            }
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
}
