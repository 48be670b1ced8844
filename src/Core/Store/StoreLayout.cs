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

    /// <summary>
    /// The store to use when nothing was said: <c>ENVSDK_STORE</c>, else <c>$XDG_DATA_HOME/envsdk/store</c>,
    /// else <c>~/.local/share/envsdk/store</c> (on Windows, LocalApplicationData). Sdk.targets computes the same at
    /// evaluation, so MSBuild passes it to the tasks; this one serves tools that run outside MSBuild.
    /// </summary>
    public static string DefaultStoreDir() => DefaultStoreDir(Environment.GetEnvironmentVariable);

    /// <param name="environment">Reads an environment variable (a test gives the environment of a child build).</param>
    public static string DefaultStoreDir(Func<string, string?> environment)
    {
        var fromEnv = environment("ENVSDK_STORE");
        if (!string.IsNullOrEmpty(fromEnv)) return fromEnv;
        return Path.Combine(DataHome(environment), "envsdk", "store");
    }

    /// <summary>Downloads kept by hash, shared by every store of the user: <c>ENVSDK_CACHE</c>, else <c>$XDG_CACHE_HOME/envsdk</c>.</summary>
    public static string DefaultCacheDir() => DefaultCacheDir(Environment.GetEnvironmentVariable);

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
