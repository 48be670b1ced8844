using Env.Core.Diagnostics;

namespace Env.Core.Store;

/// <summary>
/// Where things live. The store holds only immutable entries named <c>&lt;hash&gt;-&lt;name&gt;</c>; its own
/// bookkeeping sits in dot-folders beside them, which no entry name can take (Nix names never start with '.').
/// </summary>
public sealed class StoreLayout
{
    public StoreLayout(string storeDir)
    {
        StoreDir = Path.GetFullPath(storeDir);
    }

    public string StoreDir { get; }

    /// <summary>Unpacking happens here, on the same file system as the entries, so the final rename is atomic.</summary>
    public string TempDir => Path.Combine(StoreDir, ".tmp");

    public string LocksDir => Path.Combine(StoreDir, ".locks");

    /// <summary>Permanent roots (<see cref="GcRoots"/>), one link per dev shell, home generation or home env.</summary>
    public string RootsDir => Path.Combine(StoreDir, ".roots");

    /// <summary>What living processes hold (<see cref="ProcessRoots"/>): one file per process, named by its pid.</summary>
    public string ProcessRootsDir => Path.Combine(RootsDir, ".proc");

    /// <summary>The cached references of each scanned entry (<see cref="EntryReferences"/>); entries never change, so neither do these.</summary>
    public string RefsDir => Path.Combine(StoreDir, ".refs");

    /// <summary>Content-addressed files that <see cref="StoreOptimiser"/> hard-links identical files of entries to.</summary>
    public string LinksDir => Path.Combine(StoreDir, ".links");

    /// <summary>Shared by whatever holds entries, exclusive for the collector (<see cref="GcLock"/>).</summary>
    public string GcLockPath => Path.Combine(LocksDir, ".gc.lock");

    public string EntryPath(string entryName) => Path.Combine(StoreDir, entryName);

    /// <summary>The store's own folders, which gc, optimise and every add write and delete in.</summary>
    public IReadOnlyList<string> BookkeepingDirs => [TempDir, LocksDir, RootsDir, ProcessRootsDir, RefsDir, LinksDir];

    /// <summary>
    /// ENV0320 unless each bookkeeping folder is a real folder (or not there yet) and the gc lock a regular file: through a
    /// link, a collection would sweep (delete) files in the link's target, which in a shared store may be anyone's folder;
    /// a fifo at the lock would block every holder. Checked before the gc lock is taken, so before anything is written.
    /// </summary>
    public void CheckBookkeeping()
    {
        foreach (var dir in BookkeepingDirs)
        {
            if (!IsOccupied(dir) || IsRealFolder(dir)) continue;
            throw new Diagnostics.EnvException(EnvCode.ENV0320,
                $"{dir} is {Describe(dir)}, not the store's own folder. Env.Sdk writes and deletes files in it, so it does not go through it. Nothing was changed. Remove it (Env.Sdk makes the folder again); if the store is shared, ask who made it.",
                dir);
        }
        if (IsOccupied(GcLockPath) && !StateFile.IsRegular(GcLockPath))
        {
            throw new Diagnostics.EnvException(EnvCode.ENV0320,
                $"{GcLockPath} is {Describe(GcLockPath)}, not the store's gc lock file. Nothing was changed. Remove it (Env.Sdk makes it again).",
                GcLockPath);
        }
    }

    /// <summary>
    /// Whether the entry is in the store: a real folder at its name. A link there (to a folder anywhere) or a file is not
    /// an entry, whatever it leads to: no build or run uses it, and verify reports it.
    /// </summary>
    public bool HasEntry(string entryName) => IsRealFolder(EntryPath(entryName));

    /// <summary>A folder itself, not a link to one (lstat, not stat).</summary>
    public static bool IsRealFolder(string path) =>
        FileStatus.IsSupported ? FileStatus.Of(path) is { IsDirectory: true } : new DirectoryInfo(path) is { Exists: true, LinkTarget: null };

    /// <summary>Whether anything is at <paramref name="path"/>, a dangling link included.</summary>
    public static bool IsOccupied(string path) =>
        FileStatus.IsSupported ? FileStatus.Of(path) is not null : Path.Exists(path) || new FileInfo(path).LinkTarget is not null;

    /// <summary>What is at <paramref name="path"/> when it is not a real folder, for a message: "a symbolic link to X", "a file".</summary>
    public static string Describe(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is { } target) return $"a symbolic link (to {target})";
        return FileStatus.Of(path) is { IsRegularFile: false, IsDirectory: false } ? "a special file (fifo, device or socket)" : "a file";
    }

    /// <summary>
    /// The store to use when nothing was said: <c>ENVSDK_STORE</c>, else <c>$XDG_DATA_HOME/envsdk/store</c>,
    /// else <c>~/.local/share/envsdk/store</c> (on Windows, LocalApplicationData). Sdk.targets computes the same at
    /// evaluation, so MSBuild passes it to the tasks; the CLI asks this with its environment (<c>UserFolders</c>).
    /// </summary>
    /// <param name="environment">Reads an environment variable: the edge's (the CLI's), or a child build's in a test.</param>
    public static string DefaultStoreDir(Func<string, string?> environment)
    {
        var fromEnv = environment("ENVSDK_STORE");
        if (!string.IsNullOrEmpty(fromEnv)) return fromEnv;
        return Path.Combine(DataHome(environment), "envsdk", "store");
    }

    /// <summary>Downloads kept by hash, shared by every store of the user: <c>ENVSDK_CACHE</c>, else <c>$XDG_CACHE_HOME/envsdk</c>.</summary>
    /// <param name="environment">Reads an environment variable (a test gives the environment of a child build).</param>
    public static string DefaultCacheDir(Func<string, string?> environment)
    {
        var fromEnv = environment("ENVSDK_CACHE");
        if (!string.IsNullOrEmpty(fromEnv)) return fromEnv;
        var xdg = environment("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg)) return Path.Combine(xdg, "envsdk");
        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "envsdk", "cache");
        return Path.Combine(Home(environment), ".cache", "envsdk");
    }

    private static string DataHome(Func<string, string?> environment)
    {
        var xdg = environment("XDG_DATA_HOME");
        if (!string.IsNullOrEmpty(xdg)) return xdg;
        if (OperatingSystem.IsWindows())
            return Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        return Path.Combine(Home(environment), ".local", "share");
    }

    private static string Home(Func<string, string?> environment) =>
        environment("HOME") is { Length: > 0 } home
            ? home
            : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
}
