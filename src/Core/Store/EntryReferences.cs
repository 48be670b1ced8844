using System.Buffers;
using System.Text;

namespace Env.Core.Store;

/// <summary>
/// Which other entries an entry refers to, found as Nix finds references: by scanning its files and link targets for
/// the hash part of store paths (32 nix32 characters followed by '-'). A profile's <c>bin/</c> links and .NET shims
/// name tool entries by absolute path, a home generation links its profile: all of them show up so, whatever the store
/// folder is called. Entries never change, so the hashes found are cached in <c>.refs/&lt;entry&gt;</c> after the first scan;
/// the cache keeps every hash-shaped token, and which of them are entries is decided when the closure is computed.
/// </summary>
public static class EntryReferences
{
    private const int BufferSize = 1 << 20;

    /// <summary>A cache is one 33-byte line per entry referred to; far more than any entry refers to.</summary>
    private const long MaxCacheBytes = 16L << 20;

    /// <summary>The hash parts found in <paramref name="entryName"/> (its own excluded), from the cache or a scan that fills it.</summary>
    public static IReadOnlySet<string> HashesIn(StoreLayout layout, string entryName, CancellationToken ct = default)
    {
        var cache = Path.Combine(layout.RefsDir, entryName);
        try
        {
            // Each line is a hash (33 bytes); a cache that is not a plain bounded file of ours is scanned afresh.
            if (StateFile.TryReadText(cache, MaxCacheBytes) is { } cached)
                return cached.Split('\n').Where(l => StoreEntryName.IsHash(l)).ToHashSet(StringComparer.Ordinal);
        }
        catch (StateFileException)
        {
            // Replaced below: the atomic write renames over whatever is there.
        }
        var found = Scan(layout.EntryPath(entryName), ct);
        found.Remove(StoreEntryName.HashPart(entryName));
        try
        {
            Directory.CreateDirectory(layout.RefsDir);
            AtomicFile.WriteIfChanged(cache, string.Concat(found.Order(StringComparer.Ordinal).Select(h => h + "\n")));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A store of another user: scan again next time.
        }
        return found;
    }

    /// <summary>The hash parts named in one file outside the store (not cached: it may change), or none when it is missing or too large.</summary>
    internal static HashSet<string> HashesInFile(string path, long maxBytes)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var info = new FileInfo(path);
        if (!info.Exists || info.LinkTarget is not null || info.Length > maxBytes) return found;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize + StoreEntryName.HashLength);
        try
        {
            ScanFile(path, buffer, found, CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Unreadable: the root still keeps its profile.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return found;
    }

    /// <summary>Forgets what was cached for an entry that is gone.</summary>
    internal static void Forget(StoreLayout layout, string entryName)
    {
        var cache = Path.Combine(layout.RefsDir, entryName);
        if (File.Exists(cache)) File.Delete(cache);
    }

    /// <summary>Every hash-shaped token in the files and link targets below <paramref name="root"/> (links are not followed).</summary>
    internal static HashSet<string> Scan(string root, CancellationToken ct = default)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize + StoreEntryName.HashLength);
        try
        {
            var pending = new Stack<DirectoryInfo>();
            pending.Push(new DirectoryInfo(root));
            while (pending.Count > 0)
            {
                ct.ThrowIfCancellationRequested();
                foreach (var info in pending.Pop().EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false }))
                {
                    if (info.LinkTarget is { } target) FindHashes(Encoding.UTF8.GetBytes(target), found);
                    else if (info is DirectoryInfo dir) pending.Push(dir);
                    else ScanFile(info.FullName, buffer, found, ct);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return found;
    }

    /// <summary>Reads the file in chunks; the last 32 bytes of a chunk are carried over, so a hash across chunks is found.</summary>
    private static void ScanFile(string path, byte[] buffer, HashSet<string> found, CancellationToken ct)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var carried = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var read = stream.Read(buffer, carried, BufferSize);
            if (read == 0) return;
            var length = carried + read;
            FindHashes(buffer.AsSpan(0, length), found);
            carried = Math.Min(StoreEntryName.HashLength, length);
            buffer.AsSpan(length - carried, carried).CopyTo(buffer);
        }
    }

    private static void FindHashes(ReadOnlySpan<byte> data, HashSet<string> found)
    {
        var offset = 0;
        while (true)
        {
            var dash = data[offset..].IndexOf((byte)'-');
            if (dash < 0) return;
            var at = offset + dash;
            if (at >= StoreEntryName.HashLength && IsHash(data.Slice(at - StoreEntryName.HashLength, StoreEntryName.HashLength)))
                found.Add(Encoding.ASCII.GetString(data.Slice(at - StoreEntryName.HashLength, StoreEntryName.HashLength)));
            offset = at + 1;
        }
    }

    private static bool IsHash(ReadOnlySpan<byte> candidate)
    {
        // From the end: in binary data the byte just before a '-' is the likeliest to fail.
        for (var i = candidate.Length - 1; i >= 0; i--)
        {
            if (!Nix.NixBase32.IsDigit(candidate[i])) return false;
        }
        return true;
    }
}
