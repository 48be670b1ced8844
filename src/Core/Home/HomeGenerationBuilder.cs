using Env.Core.IO;
using System.Security.Cryptography;
using Env.Core.Diagnostics;
using Env.Core.Store;

namespace Env.Core.Home;

/// <summary>
/// Stages a home generation's store entry as <see cref="HomeGeneration"/> lays it out (every file's content under
/// <c>files/</c>, read-only in the store, executable only when asked; <c>profile/</c> with the <c>bin</c> link and the
/// session scripts; <c>manifest.json</c>) and adds it to the store. Content-addressed: the same request gives the same
/// entry, and a rebuild that changed nothing writes nothing.
/// </summary>
public static class HomeGenerationBuilder
{

    public static StoreEntry Build(EnvStore store, HomeGenerationRequest request, string? projectFile, CancellationToken ct = default)
    {
        var staging = store.NewStagingPath(request.Name + HomeGeneration.EntrySuffix);
        try
        {
            var files = Path.Combine(staging, HomeGeneration.FilesFolder);
            Directory.CreateDirectory(files);
            var entries = new List<HomeFileEntry>();
            foreach (var file in request.Files.OrderBy(f => f.Path, StringComparer.Ordinal))
            {
                ct.ThrowIfCancellationRequested();
                entries.Add(Stage(staging, file, projectFile));
            }

            var profile = Directory.CreateDirectory(Path.Combine(staging, HomeGeneration.ProfileFolder)).FullName;
            File.CreateSymbolicLink(Path.Combine(profile, "bin"), Path.Combine(request.ToolsProfile, "bin"));
            var profileBin = new HomeStateLayout(request.StateDir).ProfileBin;
            foreach (var family in HomeSessionScript.Families)
                Write(Path.Combine(profile, HomeSessionScript.FileName(family)), System.Text.Encoding.UTF8.GetBytes(HomeSessionScript.Generate(family, profileBin, request.Variables, request.Aliases)), false);

            var manifest = new HomeManifest
            {
                Name = request.Name,
                Configuration = string.IsNullOrEmpty(request.Configuration) ? null : request.Configuration,
                Profile = request.ToolsProfile,
                Tools = request.Tools,
                Variables = request.Variables,
                Files = entries,
                Activations = request.Activations,
                OnChange = request.OnChange,
                StateDir = Path.TrimEndingDirectorySeparator(Path.GetFullPath(request.StateDir)),
            };
            Write(Path.Combine(staging, HomeGeneration.ManifestFile), manifest.ToJson(), false);
            return store.Add(staging, request.Name + HomeGeneration.EntrySuffix, expectedNarHash: null, projectFile, ct);
        }
        finally
        {
            ReadOnlyTree.Delete(staging);
        }
    }

    /// <summary>Copies one file's content into <c>files/</c>, hashing it as it goes, so the manifest records what was copied.</summary>
    private static HomeFileEntry Stage(string staging, HomeFileSource file, string? projectFile)
    {
        // Defence in depth: whatever the parser checked, nothing is written outside files/.
        var filesDir = Path.GetFullPath(Path.Combine(staging, HomeGeneration.FilesFolder));
        var target = HomeGeneration.FilePath(staging, file.Path);
        if (HomePath.Refusal(file.Path) is not null || !Path.GetFullPath(target).StartsWith(filesDir + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new EnvException(EnvCode.ENV0042, $"Refused to stage the home file '{HomePath.Printable(file.Path)}': it would not be inside the generation's files/. Nothing was written.", projectFile);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        byte[] hash;
        long size;
        if (file.Text is { } text)
        {
            Write(target, text, file.Executable);
            hash = SHA256.HashData(text);
            size = text.Length;
        }
        else
        {
            using var source = new FileStream(file.RealFile!, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write))
            {
                var buffer = new byte[81920];
                size = 0;
                int n;
                while ((n = source.Read(buffer)) > 0)
                {
                    size += n;
                    // A file that grew since it was counted is cut off from the budget it was counted in.
                    if (size > file.Size)
                        throw new EnvException(EnvCode.ENV0046, $"The source of the home file '{HomePath.Printable(file.Path)}' grew while it was copied. Build again when it is no longer being written.", projectFile);
                    sha.AppendData(buffer, 0, n);
                    output.Write(buffer, 0, n);
                }
            }
            SetMode(target, file.Executable);
            hash = sha.GetHashAndReset();
        }
        return new HomeFileEntry(file.Path, file.Mode, file.Executable, Convert.ToHexStringLower(hash), size);
    }

    private static void Write(string path, byte[] content, bool executable)
    {
        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write)) stream.Write(content);
        SetMode(path, executable);
    }

    private static void SetMode(string path, bool executable)
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, FileModes.ForFile(executable));
    }
}
