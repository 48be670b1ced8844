using System.IO.Compression;
using Env.Core.Fetching;
using Env.Core.Nix;
using NuGet.Packaging;
using NuGet.Versioning;

namespace Env.Core.NuGet;

/// <summary>
/// An archive tool's file as a NuGet package, so a team's NuGet feed can be its binary cache (<c>dotnet env push</c>,
/// EnvSubstitute). Content-addressed: the id is <c>EnvSdk.Archive.Sha256-&lt;64 lowercase hex&gt;</c> (86 characters,
/// under NuGet's 100) of the file's sha256, the version always 1.0.0, and the file is carried as is at
/// <c>archive/sha256-&lt;hex&gt;</c>. The whole hash is in the id, so a package can only ever stand for one file, a feed
/// is asked for exactly one id and version (no listing), and a restore verifies the file against the pinned hash as it
/// does any download: a feed cannot substitute anything else.
/// </summary>
public static class ArchivePackage
{
    public const string IdPrefix = "EnvSdk.Archive.Sha256-";

    public static NuGetVersion Version { get; } = new(1, 0, 0);

    /// <summary>Whether a file pinned by <paramref name="hash"/> can be carried (sha256 only: a sha512 id would pass 100 characters).</summary>
    public static bool Supports(ContentHash hash) => hash.Algorithm == HashAlgorithmKind.Sha256;

    public static string IdFor(ContentHash hash) =>
        Supports(hash) ? IdPrefix + hash.ToHex() : throw new ArgumentException($"Only sha256 archives are packed, not {hash.ToSri()}.", nameof(hash));

    /// <summary>The file's place in the package.</summary>
    public static string EntryPath(ContentHash hash) => "archive/sha256-" + hash.ToHex();

    /// <summary>Writes the package (deterministic: the same file makes the same bytes) to <paramref name="nupkg"/>.</summary>
    /// <param name="describedAs">The tools and URLs it serves, for people browsing the feed (redacted here).</param>
    public static void Write(string archiveFile, ContentHash hash, string describedAs, string nupkg)
    {
        var builder = new PackageBuilder(deterministic: true)
        {
            Id = IdFor(hash),
            Version = Version,
            Description = UrlRedaction.Redact($"An archive pinned by sha256 {hash.ToHex()}, as Env.Sdk restores it (EnvSubstitute): {describedAs}."),
        };
        builder.Authors.Add("Env.Sdk");
        builder.Files.Add(new PhysicalPackageFile { SourcePath = archiveFile, TargetPath = EntryPath(hash) });
        var temp = nupkg + $".{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
                builder.Save(stream);
            File.Move(temp, nupkg, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>
    /// Copies the archive out of a package to <paramref name="destination"/>, at most <paramref name="maxBytes"/>. Only the
    /// one entry at <see cref="EntryPath"/> is read, whatever else a hostile package holds. False when it is not there or
    /// larger than allowed; the caller verifies the hash.
    /// </summary>
    public static async Task<bool> ExtractAsync(string nupkg, ContentHash hash, string destination, long maxBytes, CancellationToken ct)
    {
        using var zip = Archives.ZipDirectoryGuard.OpenRead(nupkg, nupkg);
        var entry = zip.Entries.SingleOrDefault(e => e.FullName == EntryPath(hash));
        if (entry is null || entry.Length > maxBytes) return false;
        await using var input = entry.Open();
        await using var output = new FileStream(destination, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await input.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            // The length in the zip's directory is the writer's word; the bytes are counted too.
            total += read;
            if (total > maxBytes) return false;
            await output.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
        }
        return true;
    }
}
