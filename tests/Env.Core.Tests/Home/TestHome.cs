using System.Security.Cryptography;
using System.Text;
using Env.Core.Diagnostics;
using Env.Core.Home;
using Env.Core.Shell;
using Env.Core.Store;

namespace Env.Core.Tests.Home;

/// <summary>A temporary home, state folder and store, with generations made as a build makes them, and a snapshot of the home to compare file by file.</summary>
public sealed class TestHome : IDisposable
{
    private readonly TempDir _dir = new("envsdk-home-");

    public TestHome()
    {
        Directory.CreateDirectory(HomeDir);
        Directory.CreateDirectory(StoreDir);
        Directory.CreateDirectory(StateDir);
    }

    public string HomeDir => _dir.Combine("home");
    public string StoreDir => _dir.Combine("store");
    public string StateDir => _dir.Combine("state");
    public string Outside => _dir.Combine("outside");
    public RecordingLog Log { get; } = new();

    public HomeSwitcher Switcher() => new(StateDir, StoreDir, HomeDir, Log);

    public string Home(string relative) => Path.Combine(HomeDir, relative);

    public record File(string Path, string Content, HomeFileMode Mode = HomeFileMode.Link, bool Executable = false);

    /// <summary>A generation entry in the store with these files, as the build lays it out (HomeGeneration).</summary>
    public string Generation(IEnumerable<File> files, IEnumerable<HomeActivationEntry>? activations = null, IReadOnlyList<EnvVariable>? variables = null, string name = "test",
        IEnumerable<HomeOnChangeEntry>? onChange = null, IReadOnlyList<HomeToolEntry>? tools = null) =>
        Generation(StoreDir, files, activations, variables, name, onChange, tools);

    public static string Generation(string storeDir, IEnumerable<File> files, IEnumerable<HomeActivationEntry>? activations = null, IReadOnlyList<EnvVariable>? variables = null, string name = "test",
        IEnumerable<HomeOnChangeEntry>? onChange = null, IReadOnlyList<HomeToolEntry>? tools = null)
    {
        var store = new EnvStore(storeDir, NullEnvLog.Instance);
        var staging = store.NewStagingPath(name);
        var entries = new List<HomeFileEntry>();
        foreach (var f in files)
        {
            var target = HomeGeneration.FilePath(staging, f.Path);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            var bytes = Encoding.UTF8.GetBytes(f.Content);
            System.IO.File.WriteAllBytes(target, bytes);
            if (f.Executable) System.IO.File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
            entries.Add(new HomeFileEntry(f.Path, f.Mode, f.Executable, Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.Length));
        }
        var profile = Directory.CreateDirectory(System.IO.Path.Combine(staging, HomeGeneration.ProfileFolder, "bin")).FullName;
        System.IO.File.WriteAllText(System.IO.Path.Combine(profile, "hello"), "#!/bin/sh\necho hello-from-profile\n");
        System.IO.File.SetUnixFileMode(System.IO.Path.Combine(profile, "hello"), UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        var manifest = new HomeManifest
        {
            Name = name,
            Configuration = "j",
            Profile = "/nowhere",
            Variables = variables ?? [],
            Files = entries,
            Activations = (activations ?? []).ToList(),
            OnChange = (onChange ?? []).ToList(),
            Tools = tools,
        };
        System.IO.File.WriteAllBytes(System.IO.Path.Combine(staging, HomeGeneration.ManifestFile), manifest.ToJson());
        return store.Add(staging, name + HomeGeneration.EntrySuffix, null).Path;
    }

    public SortedDictionary<string, string> Snapshot() => Snapshot(HomeDir);

    /// <summary>
    /// Every file, link and folder under the home (the state folder is elsewhere): link targets and content hashes, mode
    /// bits. A link is also compared by what it leads to (its content, or "dangling"): a link through the fixed link
    /// <c>home/files</c> reads the same whatever the generation, so its content is what tells generations apart. Its
    /// target is shown from <c>home/files/</c> on, so homes with different state folders compare equal.
    /// </summary>
    public static SortedDictionary<string, string> Snapshot(string homeDir)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFileSystemEntries(homeDir, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false }))
        {
            var rel = System.IO.Path.GetRelativePath(homeDir, path);
            var info = new FileInfo(path);
            if (info.LinkTarget is { } target)
            {
                var at = target.IndexOf("/home/files/", StringComparison.Ordinal);
                var shown = at >= 0 ? target[(at + 1)..] : target;
                var content = System.IO.File.Exists(path) ? Convert.ToHexStringLower(SHA256.HashData(System.IO.File.ReadAllBytes(path))) : "dangling";
                result[rel] = $"link {shown} {content}";
            }
            else if (Directory.Exists(path)) result[rel] = "dir";
            else result[rel] = $"file {System.IO.File.GetUnixFileMode(path)} {Convert.ToHexStringLower(SHA256.HashData(System.IO.File.ReadAllBytes(path)))}";
        }
        return result;
    }

    public void Dispose() => _dir.Dispose();
}

public sealed class RecordingLog : IEnvLog
{
    public List<string> Infos { get; } = [];
    public List<(EnvCode Code, string Message)> Warnings { get; } = [];
    public void Info(string message) { lock (Infos) Infos.Add(message); }
    public void Detail(string message) { }
    public void Warning(EnvCode code, string message, string? file = null) => Warnings.Add((code, message));
}
