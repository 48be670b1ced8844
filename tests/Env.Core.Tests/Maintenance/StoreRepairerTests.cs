using System.Security.Cryptography;
using Env.Core.Diagnostics;
using Env.Core.Fetching;
using Env.Core.Locking;
using Env.Core.Maintenance;
using Env.Core.Nix;
using Env.Core.Store;
using Env.Core.Tests.Store;
using Env.Core.Tools;

namespace Env.Core.Tests.Maintenance;

/// <summary>
/// Repair rebuilds a changed entry exactly from the lock entry that names it: here from the download cache alone (the
/// source file is gone), through the real installer; an entry no lock names is removed and the env using it named.
/// </summary>
public sealed class StoreRepairerTests : IDisposable
{
    private readonly StoreFixture _s = new();

    public void Dispose() => _s.Dispose();

    private DownloadCache Cache => new(_s.Combine("cache"));

    /// <summary>Installs a bare-program tool from a file URL, as a build does, and returns its lock entry.</summary>
    private LockEntry InstallTool()
    {
        var source = _s.Combine("src", "mytool");
        Directory.CreateDirectory(Path.GetDirectoryName(source)!);
        File.WriteAllText(source, "#!/bin/sh\necho repaired tool\n");
        var spec = new Env.Core.Model.ToolSpec
        {
            Name = "mytool",
            Version = "1.2.3",
            Url = new Uri(source),
            UrlAsWritten = new Uri(source).AbsoluteUri,
            Hash = new ContentHash(HashAlgorithmKind.Sha256, SHA256.HashData(File.ReadAllBytes(source))),
            Executable = true,
        };
        var installer = new ToolInstaller(_s.Store, Cache, () => throw new InvalidOperationException("no NuGet here"), 1 << 20, "linux-x64", NullEnvLog.Instance);
        return installer.InstallAsync(spec, null, new RestoreOptions { Rid = "linux-x64" }, CancellationToken.None).GetAwaiter().GetResult();
    }

    private void Corrupt(string entry)
    {
        var file = Path.Combine(_s.Layout.EntryPath(entry), "mytool");
        ReadOnlyTree.Unseal(_s.Layout.EntryPath(entry));
        File.SetUnixFileMode(file, (UnixFileMode)0b111_101_101);
        File.AppendAllText(file, "echo evil\n");
    }

    [Fact]
    public async Task A_changed_archive_entry_is_rebuilt_from_the_download_cache()
    {
        var locked = InstallTool();
        File.Delete(_s.Combine("src", "mytool")); // only the cache has it now
        var lockPath = _s.Combine("env", "env.lock.json");
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        var lockFile = new LockFile();
        lockFile.Set("mytool", "any", locked);
        lockFile.Save(lockPath);
        Corrupt(locked.StorePath);
        Assert.False(StoreVerifier.VerifyOne(_s.Layout, locked.StorePath).Ok);

        var sources = new Dictionary<string, LockedSource>(StringComparer.Ordinal);
        LockedSources.AddEnvLock(sources, lockPath);
        await new StoreRepairer(_s.Store, Cache, _s.Combine("env"), NullEnvLog.Instance).RepairAsync(locked.StorePath, sources[locked.StorePath]);

        Assert.True(StoreVerifier.VerifyOne(_s.Layout, locked.StorePath).Ok);
        Assert.Equal("#!/bin/sh\necho repaired tool\n", File.ReadAllText(Path.Combine(_s.Layout.EntryPath(locked.StorePath), "mytool")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_s.Layout.TempDir));
    }

    [Fact]
    public async Task A_failed_rebuild_puts_the_entry_back_and_says_why()
    {
        var locked = InstallTool();
        File.Delete(_s.Combine("src", "mytool"));
        TempDir.ForceDelete(_s.Combine("cache"));
        Corrupt(locked.StorePath);

        var e = await Assert.ThrowsAsync<EnvException>(() => new StoreRepairer(_s.Store, Cache, _s.Combine("env"), NullEnvLog.Instance)
            .RepairAsync(locked.StorePath, new LockedSource("mytool", "any", locked, null, _s.Combine("env.lock.json"))));

        Assert.Equal(EnvCode.ENV0314, e.Code);
        Assert.True(_s.Has(locked.StorePath));
    }

    [Fact]
    public async Task An_entry_no_lock_names_is_removed_and_the_env_using_it_named()
    {
        var profile = _s.Add("env-profile", ("bin/x", "x"));
        var link = _s.Root(profile, "checkout");

        var e = await Assert.ThrowsAsync<EnvException>(() => new StoreRepairer(_s.Store, Cache, _s.Combine("env"), NullEnvLog.Instance).RepairAsync(profile, null));

        Assert.Equal(EnvCode.ENV0313, e.Code);
        Assert.Contains(link, e.Message);
        Assert.False(_s.Has(profile));
    }

    [Fact]
    public void Run_lock_entries_are_found_anywhere_in_the_file()
    {
        var locked = InstallTool();
        var path = _s.Combine("run-lock.json");
        File.WriteAllText(path, "{\"format\":1,\"tools\":{\"mytool@1.2.3\":{\"entry\":" + Newtonsoft.Json.JsonConvert.SerializeObject(locked) + "}}}");
        var sources = new Dictionary<string, LockedSource>(StringComparer.Ordinal);
        LockedSources.AddRunLock(sources, path);
        Assert.Equal("mytool", sources[locked.StorePath].Tool);
    }
}
