using Env.Core.Nix;

namespace Env.Core.Fetching;

/// <summary>
/// Downloaded sources kept by their hash, outside any one store, so a second store or a re-added entry
/// is filled without the network. A file is only ever put here after its hash was checked.
/// </summary>
public sealed class DownloadCache
{
    public DownloadCache(string cacheDir)
    {
        Dir = Path.Combine(Path.GetFullPath(cacheDir), "downloads");
    }

    public string Dir { get; }

    public string PathFor(ContentHash hash, string suffix = "") =>
        Path.Combine(Dir, $"{hash.Algorithm.ToString().ToLowerInvariant()}-{hash.ToHex()}{suffix}");

    public string? TryGet(ContentHash hash, string suffix = "")
    {
        var path = PathFor(hash, suffix);
        return File.Exists(path) ? path : null;
    }

    /// <summary>A private temporary file name in the cache folder (same file system, so adding is a rename).</summary>
    public string NewTempPath()
    {
        Directory.CreateDirectory(Dir);
        return Path.Combine(Dir, $".tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
    }

    /// <summary>
    /// Removes temporary downloads whose process no longer runs: a build killed mid-download leaves its
    /// partial file behind, and nothing else would ever delete it.
    /// </summary>
    public void SweepAbandonedTemp()
    {
        if (!Directory.Exists(Dir)) return;
        foreach (var file in Directory.EnumerateFiles(Dir, ".tmp-*"))
        {
            if (!OwnerProcess.IsAbandoned(Path.GetFileName(file), ".tmp-")) continue;
            try
            {
                File.Delete(file);
            }
            catch (IOException) { } // another sweeper got there first
            catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Moves a verified file into the cache; a concurrent writer of the same content wins harmlessly.</summary>
    public string Commit(string tempPath, ContentHash hash, string suffix = "")
    {
        var target = PathFor(hash, suffix);
        try
        {
            File.Move(tempPath, target, overwrite: false);
        }
        catch (IOException) when (File.Exists(target))
        {
            File.Delete(tempPath);
        }
        return target;
    }
}
