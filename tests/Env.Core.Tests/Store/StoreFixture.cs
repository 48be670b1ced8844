using Env.Core.Diagnostics;
using Env.Core.Store;

namespace Env.Core.Tests.Store;

/// <summary>A real store in a temp folder, with helpers to add small entries and roots to it.</summary>
public sealed class StoreFixture : IDisposable
{
    private readonly TempDir _temp = new("envsdk-gc-test-");

    public StoreFixture()
    {
        Store = new EnvStore(_temp.Combine("store"), NullEnvLog.Instance);
    }

    public EnvStore Store { get; }

    public StoreLayout Layout => Store.Layout;

    public string Combine(params string[] parts) => _temp.Combine(parts);

    public void Dispose() => _temp.Dispose();

    /// <summary>Adds an entry of files (name → content; a name ending in '*' is executable, one starting with '@' a symlink to the content).</summary>
    public string Add(string name, params (string File, string Content)[] files)
    {
        var staging = Store.NewStagingPath(name);
        Directory.CreateDirectory(staging);
        foreach (var (file, content) in files)
        {
            var link = file.StartsWith('@');
            var exec = file.EndsWith('*');
            var path = Path.Combine(staging, file.TrimStart('@').TrimEnd('*'));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (link)
            {
                File.CreateSymbolicLink(path, content);
                continue;
            }
            File.WriteAllText(path, content);
            if (exec) File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        }
        return Store.Add(staging, name, expectedNarHash: null).Name;
    }

    /// <summary>A dev-shell-like root: a link (in a fake checkout) to the entry, registered in <c>.roots/</c>.</summary>
    public string Root(string entry, string checkout)
    {
        var shell = Combine(checkout, ".envsdk");
        Directory.CreateDirectory(shell);
        var link = Path.Combine(shell, "profile");
        AtomicFile.ReplaceSymlink(link, Layout.EntryPath(entry));
        GcRoots.Register(Layout, link, checkout);
        return link;
    }

    public bool Has(string entry) => Directory.Exists(Layout.EntryPath(entry));

    /// <summary>Forgets what this (living) process holds, as if the entries had been added by a process that exited.</summary>
    public void ForgetOwnHolds()
    {
        var record = Path.Combine(Layout.ProcessRootsDir, $"{Environment.ProcessId}-held");
        if (File.Exists(record)) File.Delete(record);
    }
}
