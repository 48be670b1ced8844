using Env.Core.Diagnostics;
using Env.Core.Nix;

namespace Env.Core.Store;

/// <summary>
/// <c>dotnet env store optimise</c>, as <c>nix-store --optimise</c>: every regular file of every entry is hard-linked to
/// <c>.links/&lt;nix32 of its NAR hash&gt;</c>, so identical files share one copy. The NAR hash of a lone file covers its
/// content and its executable bit, so only files equal in both share; a file on another file system than <c>.links</c>
/// is left alone. A file is replaced by linking the <c>.links</c> file to a temporary name in <c>.links</c> and renaming
/// that over it, so a reader never finds it missing. Runs under the shared <see cref="GcLock"/>: builds go on adding
/// entries (those are simply not optimised this time), and gc waits, since it deletes <c>.links</c> files.
/// </summary>
public sealed class StoreOptimiser(StoreLayout layout, IEnvLog log)
{
    /// <summary>Temporary names in <c>.links</c>: <c>.tmp-&lt;pid&gt;-…</c>, swept by gc when their process is dead.</summary>
    public const string TempPrefix = ".tmp-";

    private const UnixFileMode WritableFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private int _temp;

    public OptimiseReport Optimise(CancellationToken ct = default)
    {
        if (!FileStatus.IsSupported)
        {
            throw new EnvException(EnvCode.ENV0315,
                $"'dotnet env store optimise' needs hard links and statx(2), which this platform ({System.Runtime.InteropServices.RuntimeInformation.OSDescription}) does not offer here. Nothing was changed.",
                layout.StoreDir);
        }
        using var gcLock = GcLock.Shared(layout, log);
        Directory.CreateDirectory(layout.LinksDir);
        var linksDevice = FileStatus.Of(layout.LinksDir)!.Value.Device;
        // Inodes already in .links: their files were linked by an earlier run and need no hashing.
        var linked = new HashSet<ulong>();
        foreach (var file in Directory.EnumerateFiles(layout.LinksDir))
        {
            if (FileStatus.Of(file) is { } s) linked.Add(s.Inode);
        }

        var entries = StoreEntryName.InStore(layout);
        int files = 0, replaced = 0;
        long saved = 0;
        foreach (var entry in entries)
        {
            var folders = new Stack<string>();
            folders.Push(layout.EntryPath(entry));
            while (folders.Count > 0)
            {
                var folder = folders.Pop();
                ct.ThrowIfCancellationRequested();
                var candidates = new List<(string Path, FileStatus Status)>();
                foreach (var info in new DirectoryInfo(folder).EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0 }))
                {
                    if (info.LinkTarget is not null) continue;
                    if (info is DirectoryInfo) { folders.Push(info.FullName); continue; }
                    if (FileStatus.Of(info.FullName) is not { IsRegularFile: true } status) continue;
                    files++;
                    if (status.Device != linksDevice || linked.Contains(status.Inode)) continue;
                    candidates.Add((info.FullName, status));
                }
                if (candidates.Count == 0) continue;
                var (n, bytes) = LinkFolder(folder, candidates, linked, ct);
                replaced += n;
                saved += bytes;
            }
        }
        log.Detail($"Optimised {entries.Count} entries: {replaced} of {files} files now share a copy, {saved} bytes freed.");
        return new OptimiseReport(entries.Count, files, replaced, saved);
    }

    /// <summary>Links each candidate of one folder; the sealed folder is writable only meanwhile.</summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private (int Replaced, long Saved) LinkFolder(string folder, List<(string Path, FileStatus Status)> candidates, HashSet<ulong> linked, CancellationToken ct)
    {
        int replaced = 0;
        long saved = 0;
        UnixFileMode? sealedMode = null;
        try
        {
            foreach (var (path, status) in candidates)
            {
                ct.ThrowIfCancellationRequested();
                var target = Path.Combine(layout.LinksDir, NixBase32.Encode(NarHasher.Sha256(path, ct)));
                switch (HardLink.TryCreate(path, target))
                {
                    case HardLink.Result.Created:
                        linked.Add(status.Inode); // the first of its content: it is now the shared copy
                        continue;
                    case HardLink.Result.Exists:
                        break;
                    default:
                        continue;
                }
                if (FileStatus.Of(target) is not { } shared || shared.Inode == status.Inode) continue;
                // Equal hashes mean equal content and executable bit; a .links file changed behind our back is not trusted.
                if (shared.Size != status.Size || (shared.Mode & UnixFileMode.UserExecute) != (status.Mode & UnixFileMode.UserExecute)) continue;
                var temp = Path.Combine(layout.LinksDir, $"{TempPrefix}{Environment.ProcessId}-{++_temp}");
                if (HardLink.TryCreate(target, temp) != HardLink.Result.Created) continue; // too many links already
                try
                {
                    sealedMode ??= MakeWritable(folder);
                    AtomicFile.Rename(temp, path);
                }
                finally
                {
                    if (File.Exists(temp)) File.Delete(temp);
                }
                replaced++;
                if (status.LinkCount == 1) saved += status.Size;
            }
        }
        finally
        {
            if (sealedMode is { } mode) File.SetUnixFileMode(folder, mode);
        }
        return (replaced, saved);
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static UnixFileMode MakeWritable(string folder)
    {
        var mode = File.GetUnixFileMode(folder);
        File.SetUnixFileMode(folder, mode | WritableFolder);
        return mode;
    }
}
