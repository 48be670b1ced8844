using Env.Core.Diagnostics;
using Env.Core.Nix;

namespace Env.Core.Store;

/// <summary>
/// The content-addressed store, with the promise Nix's store makes: an entry folder that exists is complete and is what
/// its name says. An entry's name is Nix's fixed-output path for a recursive sha256 of its content, so
/// <c>nix-store --add-fixed --recursive sha256</c> agrees with it.
/// <list type="number">
/// <item>Stage: the caller fills a folder under <c>.tmp</c> (<see cref="NewStagingPath"/>, named for its process).</item>
/// <item>Hash: the staged tree's NAR hash, compared with the lock's when there is one (ENV0303).</item>
/// <item>Hold: under the shared <see cref="GcLock"/>, the entry recorded as this process's root, then its entry lock.</item>
/// <item>Seal and commit: read-only, then one rename into place. The rename is the commit point.</item>
/// </list>
/// A failure adds nothing and deletes the staging folder; something at the entry's name that is not a real folder is
/// refused, never moved over (ENV0319). A killed add leaves only staging, which <see cref="SweepAbandonedStaging"/>
/// removes once its process is gone.
/// </summary>
public sealed class EnvStore
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(10);
    private readonly IEnvLog _log;

    public EnvStore(string storeDir, IEnvLog log)
    {
        Layout = new StoreLayout(storeDir);
        _log = log;
    }

    public StoreLayout Layout { get; }

    /// <summary>The entries this instance moved into the store (not those it found there), for the build's summary.</summary>
    public IReadOnlyCollection<string> Added => _added.Keys.ToList();

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _added = new(StringComparer.Ordinal);

    public bool Contains(string entryName) => Layout.HasEntry(entryName);

    /// <summary>
    /// Whether the entry is in the store, holding it for the life of this process when it is (<see cref="ProcessRoots"/>),
    /// so a collection running meanwhile cannot remove what a build found and is about to link.
    /// </summary>
    public bool TryHold(string entryName)
    {
        if (!StoreEntryName.IsEntryName(entryName)) return false;
        using var gcLock = GcLock.Shared(Layout, _log);
        if (!Layout.HasEntry(entryName)) return false;
        ProcessRoots.Record(Layout, [entryName], Environment.ProcessId);
        return true;
    }

    /// <summary>
    /// A fresh path (not yet created) for staging one entry. Its name starts with our pid, so that
    /// <see cref="SweepAbandonedStaging"/> can tell staging of dead processes from staging in use.
    /// </summary>
    public string NewStagingPath(string hint)
    {
        Layout.CheckBookkeeping();
        Directory.CreateDirectory(Layout.TempDir);
        return Path.Combine(Layout.TempDir, $"{Environment.ProcessId}-{Guid.NewGuid():N}-{StorePathName.Sanitize(hint)}");
    }

    /// <summary>
    /// Hashes the staged tree and moves it into the store. When <paramref name="expectedNarHash"/> is given
    /// and differs, nothing is added. The staging folder is gone afterwards, whatever happens.
    /// </summary>
    public StoreEntry Add(string stagingPath, string name, ContentHash? expectedNarHash, string? file = null, CancellationToken ct = default)
    {
        try
        {
            var narHash = new ContentHash(HashAlgorithmKind.Sha256, NarHasher.Sha256(stagingPath, ct));
            if (expectedNarHash is { } expected && !expected.Equals(narHash))
            {
                throw new EnvException(EnvCode.ENV0303,
                    $"The unpacked content of {name} has NAR hash {narHash.ToSri()}, but {expected.ToSri()} was expected. " +
                    "The source changed upstream or the lock file was edited by hand; if the change is deliberate, run 'dotnet build -t:EnvUpdate' to record the new hash.",
                    file);
            }

            var entryName = FixedOutputPath.ComputeRecursiveSha256(narHash.Bytes, StorePathName.Sanitize(name));
            var entryPath = Layout.EntryPath(entryName);
            // Held before it exists: a collection either ran before (and the entry is added after it) or waits for us
            // and then sees the hold. The entry lock is only ever taken under the gc lock, so gc may delete lock files.
            using var gcLock = GcLock.Shared(Layout, _log);
            ProcessRoots.Record(Layout, [entryName], Environment.ProcessId);
            using (StoreEntryLock.Acquire(Layout, entryName, _log, LockTimeout))
            {
                if (!Layout.HasEntry(entryName))
                {
                    // A link or a file at the entry's name is not an entry: never used, never moved over (rename would fail
                    // on a file, and replace a link silently), only reported; verify --repair puts the real entry there.
                    if (StoreLayout.IsOccupied(entryPath))
                    {
                        throw new EnvException(EnvCode.ENV0319,
                            $"{entryPath} is {StoreLayout.Describe(entryPath)}, not a store entry (a real folder of the store): something other than Env.Sdk put it there. Nothing was added. Run 'dotnet env verify --repair' to replace it with the real entry, or remove it by hand.",
                            entryPath);
                    }
                    ReadOnlyTree.Seal(stagingPath, includeRoot: false);
                    Directory.Move(stagingPath, entryPath);
                    ReadOnlyTree.SealRoot(entryPath);
                    _added[entryName] = true;
                    _log.Detail($"Added {entryPath}");
                }
                else
                {
                    ReadOnlyTree.RepairRoot(entryPath);
                }
            }
            return new StoreEntry(entryName, entryPath, narHash);
        }
        finally
        {
            ReadOnlyTree.Delete(stagingPath);
        }
    }

    /// <summary>Removes staging folders whose process no longer runs (a build killed mid-unpack).</summary>
    public void SweepAbandonedStaging()
    {
        Layout.CheckBookkeeping(); // through a linked .tmp, the sweep would delete in the link's target
        if (!Directory.Exists(Layout.TempDir)) return;
        foreach (var dir in Directory.EnumerateFileSystemEntries(Layout.TempDir))
        {
            if (!OwnerProcess.IsAbandoned(Path.GetFileName(dir))) continue;
            try
            {
                ReadOnlyTree.Delete(dir);
                _log.Detail($"Removed abandoned staging {dir}");
            }
            catch (IOException) { } // another sweeper got there first
            catch (UnauthorizedAccessException) { }
        }
    }
}
