using Env.Core.Diagnostics;

namespace Env.Core.Home;

/// <summary>A home generation as a switch uses it: its store entry and the manifest read from it.</summary>
public sealed record HomeGenerationEntry(string Path, HomeManifest Manifest)
{
    /// <summary>Reads the generation at <paramref name="entryPath"/>; ENV0919 when the store no longer has it, ENV0910 when it is not one.</summary>
    public static HomeGenerationEntry Load(string entryPath)
    {
        if (!Directory.Exists(entryPath))
            throw new Diagnostics.EnvException(EnvCode.ENV0919,
                $"The home generation {entryPath} is not in the store (was the store cleaned, or moved?). Build the configuration again and switch to it ('dotnet env switch' in the home repository).",
                entryPath);
        return new HomeGenerationEntry(entryPath, HomeManifest.Load(entryPath));
    }

    public string FilePath(HomeFileEntry file) => HomeGeneration.FilePath(Path, file.Path);

    public IReadOnlyDictionary<string, HomeFileEntry> FilesByPath => _byPath ??= Manifest.Files.ToDictionary(f => f.Path, StringComparer.Ordinal);

    private IReadOnlyDictionary<string, HomeFileEntry>? _byPath;
}
