using Env.Core.IO;
namespace Env.Core.Archives;

/// <summary>
/// The unpacked tree as we built it, and the only code that writes to it. Every entry goes through here, so the
/// policy (no duplicates or colliding names, nothing through symlinks, links stay inside) is enforced in one place
/// for tar and zip alike. The record mirrors the disk exactly because the folder is fresh and private: we never
/// need to ask the file system what a path is (which a hostile earlier entry could have made misleading).
/// </summary>
/// <remarks>
/// The record is the memory an archive makes us hold per entry, so it is bounded twice: by the entry count and by
/// <paramref name="maxNameChars"/>, the characters of every path and link target recorded (implicit parent folders
/// included). Without the second, 100,000 entries with 3.5 KB names held 2 GB.
/// </remarks>
internal sealed class ExtractionTree(string root, ArchiveErrors errors, ByteBudget budget, int maxEntries, LinkWalkBudget links, CancellationToken ct,
    long maxNameChars = ExtractionTree.DefaultMaxNameChars)
{
    /// <summary>
    /// 32 Mi characters of names: a real archive of 1,000,000 entries with 33-character paths, or 100,000 with 330.
    /// Each recorded character costs about 4 bytes (the path and its case-folded twin), so at most 128 MiB.
    /// </summary>
    public const long DefaultMaxNameChars = 32L * 1024 * 1024;

    private enum Kind { Directory, File, Symlink }

    private sealed record Node(Kind Kind, string? LinkTarget = null);

    private const int CopyBufferSize = 81920;

    // Keyed by the '/'-joined relative path, exactly as written.
    private readonly Dictionary<string, Node> _nodes = new(StringComparer.Ordinal);
    // Case-folded, NFC-normalised path -> the path that claimed it, so "README"/"readme" or NFC/NFD twins are caught.
    private readonly Dictionary<string, string> _claimed = new(StringComparer.Ordinal);
    private int _entries;
    private long _nameChars;

    public int FileCount { get; private set; }

    public long UnpackedBytes => budget.Used;

    /// <summary>Counts every archive entry (including ones we skip), so a flood of tiny entries is bounded.</summary>
    public void CountEntry()
    {
        ct.ThrowIfCancellationRequested();
        if (++_entries > maxEntries) throw errors.TooManyEntries(maxEntries);
    }

    public void AddDirectory(string rawName, string[] parts)
    {
        if (parts.Length == 0) return; // "./": the root itself, which exists.
        var key = Join(parts);
        // Tars often list a directory again after files created it implicitly; that is not a conflict.
        if (_nodes.TryGetValue(key, out var existing) && existing.Kind == Kind.Directory) return;
        Claim(rawName, parts, Kind.Directory);
        CreateDirectoryOnDisk(rawName, key);
    }

    /// <summary>
    /// Writes a regular file from <paramref name="content"/>. The header's <paramref name="declaredLength"/> must match
    /// what the stream really holds: shorter means truncated, longer means a zip header lying to dodge size checks.
    /// </summary>
    public void AddFile(string rawName, string[] parts, Stream? content, long declaredLength, bool executable)
    {
        var key = Join(parts);
        Claim(rawName, parts, Kind.File);
        var path = FullPath(key);
        long copied;
        // CreateNew (O_EXCL) refuses to follow anything already at the path: defence in depth behind the record.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = FileModes.ForFile(executable);
        using (var output = OpenOutput(rawName, path, options))
        {
            copied = content is null ? 0 : Copy(rawName, content, output, declaredLength);
        }
        if (copied != declaredLength)
            throw errors.Corrupt(rawName, $"header says {declaredLength} bytes but the data holds {copied}");
        SetMode(rawName, path, FileModes.ForFile(executable));
        FileCount++;
    }

    public void AddSymlink(string rawName, string[] parts, string target)
    {
        if (SymlinkResolver.FormProblem(target) is { } form) throw errors.LinkEscape(rawName, $"is a symlink with {form}");
        var key = Join(parts);
        var folder = parts[..^1];
        // Resolve before recording, so a link cannot vouch for itself (a -> a loops and is refused).
        // A fresh resolver: the links added since the last one may change what earlier ones resolve to.
        var outcome = new SymlinkResolver(Lookup, _nodes.ContainsKey, links).Resolve(rawName, folder, target);
        if (outcome != SymlinkResolver.Outcome.Inside)
            throw Unresolvable(rawName, target, outcome, "leads outside the archive's root");
        Claim(rawName, parts, Kind.Symlink, target);
        try
        {
            File.CreateSymbolicLink(FullPath(key), target);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw errors.Io(rawName, ex);
        }
    }

    /// <summary>
    /// A hard link is written as a copy of the earlier file. A real hard link would share one inode between two store
    /// paths, so making one read-only or editing it in place would change the other, and NAR has no notion of links;
    /// a copy hashes the same on every platform and is counted against the size limit like any other content.
    /// </summary>
    public void AddHardLink(string rawName, string[] parts, string rawTarget)
    {
        var key = Join(parts);
        string[] targetParts;
        try
        {
            targetParts = EntryPathPolicy.Parse(rawTarget, isDirectory: false, errors);
        }
        catch (Diagnostics.EnvException)
        {
            throw errors.LinkEscape(rawName, $"is a hard link to '{ArchiveErrors.Quote(rawTarget)}', which is outside the archive's root");
        }
        var targetKey = Join(targetParts);
        if (targetKey == key) throw errors.LinkEscape(rawName, "is a hard link to itself");
        if (!_nodes.TryGetValue(targetKey, out var target))
            throw errors.LinkEscape(rawName, $"is a hard link to '{ArchiveErrors.Quote(rawTarget)}', which is not an earlier file in the archive");
        if (target.Kind != Kind.File)
            throw errors.LinkEscape(rawName, $"is a hard link to '{ArchiveErrors.Quote(rawTarget)}', which is not a regular file");
        // A path through a symlink was never recorded as a file, so the lookup above already refused it.
        var source = FullPath(targetKey);
        bool executable = !OperatingSystem.IsWindows() && (File.GetUnixFileMode(source) & UnixFileMode.UserExecute) != 0;
        using var content = new FileStream(source, FileMode.Open, FileAccess.Read);
        AddFile(rawName, parts, content, content.Length, executable);
    }

    /// <summary>
    /// Checks every symlink again against the finished tree. A link validated early can be redirected by a later one
    /// (d/y -> q/../.. looks inside until d/q -> . arrives), so the final shape is what must be safe.
    /// With <paramref name="newRoot"/>, checks them as if that top-level directory were the root, before stripping.
    /// </summary>
    public void VerifySymlinks(string? newRoot = null)
    {
        var prefix = newRoot is null ? "" : newRoot + "/";
        string? LookupUnder(string relative) => Lookup(prefix + relative);
        bool ExistsUnder(string relative) => _nodes.ContainsKey(prefix + relative);
        // The tree no longer changes, so one resolver (and its memo) serves every link.
        var resolver = new SymlinkResolver(LookupUnder, ExistsUnder, links);
        foreach (var (key, node) in _nodes)
        {
            if (node.Kind != Kind.Symlink || !key.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var folder = key[prefix.Length..].Split('/')[..^1];
            var outcome = resolver.Resolve(key, folder, node.LinkTarget!);
            if (outcome != SymlinkResolver.Outcome.Inside)
            {
                throw Unresolvable(key, node.LinkTarget!, outcome, newRoot is null
                    ? "leads outside the archive's root through other links"
                    : $"would lead outside the root once '{newRoot}' becomes the root");
            }
        }
    }

    private Diagnostics.EnvException Unresolvable(string entry, string fullTarget, SymlinkResolver.Outcome outcome, string escapes)
    {
        // A target may be thousands of characters; the start is enough to recognise it.
        var target = ArchiveErrors.Quote(fullTarget);
        return outcome switch
        {
            SymlinkResolver.Outcome.Loops => errors.LinkEscape(entry, $"is a symlink to '{target}', which loops back to itself"),
            SymlinkResolver.Outcome.TooManyFollows => errors.LinkWork(entry,
                $"is a symlink to '{target}', which needs more than {SymlinkResolver.MaxFollowsPerLookup} link follows to resolve (the kernel would refuse it with ELOOP)"),
            _ => errors.LinkEscape(entry, $"is a symlink to '{target}', which {escapes}"),
        };
    }

    /// <summary>The top-level entries: (name, isDirectory, symlink target or null).</summary>
    public IEnumerable<(string Name, bool IsDirectory, string? LinkTarget)> Children(string? under = null)
    {
        var prefix = under is null ? "" : under + "/";
        foreach (var (key, node) in _nodes)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var rest = key[prefix.Length..];
            if (rest.Length == 0 || rest.Contains('/')) continue;
            yield return (rest, node.Kind == Kind.Directory, node.LinkTarget);
        }
    }

    private string? Lookup(string key) =>
        _nodes.TryGetValue(key, out var node) && node.Kind == Kind.Symlink ? node.LinkTarget : null;

    /// <summary>
    /// Records an entry and its implicit parent directories, refusing duplicates, case/normalisation twins,
    /// parents that are files, and parents that are symlinks (writing through them could land anywhere).
    /// </summary>
    private void Claim(string rawName, string[] parts, Kind kind, string? linkTarget = null)
    {
        // Once a folder is recorded, so are all its parents (as folders: a recorded folder is never replaced), so only
        // the missing tail of the chain is walked. Walking every parent of every entry cost O(depth^2) per entry.
        var firstMissing = parts.Length - 1;
        while (firstMissing > 0 && !_nodes.ContainsKey(Join(parts[..firstMissing]))) firstMissing--;
        for (var i = Math.Max(firstMissing, 1); i < parts.Length; i++)
        {
            var parent = Join(parts[..i]);
            if (_nodes.TryGetValue(parent, out var node))
            {
                if (node.Kind == Kind.Symlink)
                    throw errors.LinkEscape(rawName, $"would be written through the symlink '{ArchiveErrors.Quote(parent)}' placed by an earlier entry");
                if (node.Kind == Kind.File)
                    throw errors.Duplicate(rawName, $"needs '{ArchiveErrors.Quote(parent)}' to be a directory, but an earlier entry made it a file");
                continue;
            }
            Record(rawName, parent, new Node(Kind.Directory));
            CreateDirectoryOnDisk(rawName, parent);
        }
        var key = Join(parts);
        if (_nodes.ContainsKey(key)) throw errors.Duplicate(rawName, "appears twice in the archive");
        Spend(rawName, linkTarget?.Length ?? 0);
        Record(rawName, key, new Node(kind, linkTarget));
    }

    private void Spend(string rawName, long chars)
    {
        _nameChars += chars;
        if (_nameChars > maxNameChars) throw errors.NamesTooLarge(rawName, maxNameChars);
    }

    private void Record(string rawName, string key, Node node)
    {
        Spend(rawName, key.Length);
        string folded;
        try
        {
            folded = EntryPathPolicy.CollisionKey(key);
        }
        catch (ArgumentException)
        {
            throw errors.UnsafePath(rawName, "invalid Unicode");
        }
        if (_claimed.TryGetValue(folded, out var other))
            throw errors.Duplicate(rawName, $"collides with '{ArchiveErrors.Quote(other)}' on case-insensitive or Unicode-normalising file systems");
        _claimed[folded] = key;
        _nodes[key] = node;
    }

    private void CreateDirectoryOnDisk(string rawName, string key)
    {
        var path = FullPath(key);
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw errors.Io(rawName, ex);
        }
        SetMode(rawName, path, FileModes.Directory);
    }

    private FileStream OpenOutput(string rawName, string path, FileStreamOptions options)
    {
        try
        {
            return new FileStream(path, options);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw errors.Io(rawName, ex);
        }
    }

    private void SetMode(string rawName, string path, UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows()) return;
        try
        {
            File.SetUnixFileMode(path, mode);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw errors.Io(rawName, ex);
        }
    }

    /// <summary>Copies while counting, so a read failure (corrupt input) and a write failure (disk) get different errors.</summary>
    private long Copy(string rawName, Stream input, Stream output, long declaredLength)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            return Copy(rawName, input, output, declaredLength, buffer);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private long Copy(string rawName, Stream input, Stream output, long declaredLength, byte[] buffer)
    {
        long total = 0;
        while (true)
        {
            int n;
            try
            {
                // Fill the buffer before writing: decompressors hand out at most 8 KB a call.
                n = input.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            }
            catch (Diagnostics.EnvException)
            {
                throw;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                throw errors.Corrupt(rawName, ex.Message, ex);
            }
            if (n == 0) return total;
            ct.ThrowIfCancellationRequested();
            budget.Spend(n, rawName);
            total += n;
            // Stop at the first byte past the declared size rather than inflating the whole lie.
            if (total > declaredLength)
                throw errors.Corrupt(rawName, $"header says {declaredLength} bytes but the data holds more");
            try
            {
                output.Write(buffer, 0, n);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw errors.Io(rawName, ex);
            }
        }
    }

    private string FullPath(string key) => Path.Combine(root, key);

    private static string Join(IEnumerable<string> parts) => string.Join('/', parts);
}
