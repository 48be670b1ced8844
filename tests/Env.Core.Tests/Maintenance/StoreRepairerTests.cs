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

    private InstallSettings Settings => new()
    {
        StoreDir = _s.Layout.StoreDir,
        CacheDir = _s.Combine("cache"),
        NuGetSettingsRoot = _s.Combine("env"),
        Rid = "linux-x64",
    };

    /// <summary>A repairer set up as <c>verify --repair</c> sets it up: from install settings, through the one builder.</summary>
    private StoreRepairer Repairer(InstallSettings? settings = null) => new(new InstallerSetup(settings ?? Settings, NullEnvLog.Instance));

    /// <summary>A lock naming <paramref name="locked"/>, with its URL replaced when given (the store path does not depend on it).</summary>
    private LockedSource Source(LockEntry locked, string? url = null) =>
        new("mytool", "any", url is null ? locked : locked with { Url = url }, null, _s.Combine("env", "env.lock.json"));

    [Fact]
    public async Task Repair_honours_the_hashed_mirrors_of_its_settings()
    {
        var locked = InstallTool();
        var bytes = File.ReadAllBytes(_s.Combine("src", "mytool"));
        File.Delete(_s.Combine("src", "mytool"));
        TempDir.ForceDelete(_s.Combine("cache"));
        var mirror = _s.Combine("mirror");
        Directory.CreateDirectory(Path.Combine(mirror, "sha256"));
        File.WriteAllBytes(Path.Combine(mirror, "sha256", Convert.ToHexStringLower(SHA256.HashData(bytes))), bytes);
        Corrupt(locked.StorePath);

        // The URL is gone; only the mirror has the file.
        await Repairer(Settings with { Mirrors = [new Uri(mirror).AbsoluteUri] }).RepairAsync(locked.StorePath, Source(locked));

        Assert.True(StoreVerifier.VerifyOne(_s.Layout, locked.StorePath).Ok);
    }

    [Fact]
    public async Task Repair_honours_the_substitute_feeds_of_its_settings()
    {
        var locked = InstallTool();
        var file = _s.Combine("src", "mytool");
        var hash = ContentHash.Parse(locked.SourceHash);
        var nupkg = _s.Combine($"{Env.Core.NuGet.ArchivePackage.IdFor(hash)}.1.0.0.nupkg");
        Env.Core.NuGet.ArchivePackage.Write(file, hash, "mytool", nupkg);
        var feed = _s.Combine("feed");
        Directory.CreateDirectory(_s.Combine("env"));
        await new Env.Core.NuGet.ArchivePackagePusher(feed, _s.Combine("env"), null, NullEnvLog.Instance).PushAsync([nupkg], TimeSpan.FromMinutes(1), CancellationToken.None);
        File.Delete(file);
        TempDir.ForceDelete(_s.Combine("cache"));
        Corrupt(locked.StorePath);

        // The URL is gone; only the substitute feed has the file.
        await Repairer(Settings with { Substitutes = [feed] }).RepairAsync(locked.StorePath, Source(locked));

        Assert.True(StoreVerifier.VerifyOne(_s.Layout, locked.StorePath).Ok);
    }

    [Fact]
    public async Task Offline_repair_takes_the_cache_and_names_what_it_lacks_without_asking_the_network()
    {
        var locked = InstallTool();
        Corrupt(locked.StorePath);
        // An http URL nobody serves: offline must not even try it.
        var source = Source(locked, "http://127.0.0.1:9/mytool");
        await Repairer(Settings with { Offline = true }).RepairAsync(locked.StorePath, source);
        Assert.True(StoreVerifier.VerifyOne(_s.Layout, locked.StorePath).Ok);

        TempDir.ForceDelete(_s.Combine("cache"));
        Corrupt(locked.StorePath);
        var e = await Assert.ThrowsAsync<EnvException>(() => Repairer(Settings with { Offline = true }).RepairAsync(locked.StorePath, source));
        Assert.Equal(EnvCode.ENV0314, e.Code);
        Assert.Contains("ENV0120", e.Message);
        Assert.True(_s.Has(locked.StorePath)); // put back
    }

    [Fact]
    public async Task Repair_honours_the_download_limits_of_its_settings()
    {
        var locked = InstallTool();
        TempDir.ForceDelete(_s.Combine("cache"));
        Corrupt(locked.StorePath);

        var e = await Assert.ThrowsAsync<EnvException>(() =>
            Repairer(Settings with { Downloads = new DownloadLimits(5, TimeSpan.FromMinutes(1)) }).RepairAsync(locked.StorePath, Source(locked)));

        Assert.Equal(EnvCode.ENV0314, e.Code);
        Assert.Contains("ENV0106", e.Message);
    }

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
        await Repairer().RepairAsync(locked.StorePath, sources[locked.StorePath]);

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

        var e = await Assert.ThrowsAsync<EnvException>(() => Repairer()
            .RepairAsync(locked.StorePath, new LockedSource("mytool", "any", locked, null, _s.Combine("env.lock.json"))));

        Assert.Equal(EnvCode.ENV0314, e.Code);
        Assert.True(_s.Has(locked.StorePath));
    }

    [Fact]
    public async Task An_entry_no_lock_names_is_removed_and_the_env_using_it_named()
    {
        var profile = _s.Add("env-profile", ("bin/x", "x"));
        var link = _s.Root(profile, "checkout");

        var e = await Assert.ThrowsAsync<EnvException>(() => Repairer().RepairAsync(profile, null));

        Assert.Equal(EnvCode.ENV0313, e.Code);
        Assert.Contains(link, e.Message);
        Assert.False(_s.Has(profile));
    }

    [Fact]
    public void Run_lock_entries_are_found_anywhere_in_the_file()
    {
        var locked = InstallTool();
        var path = _s.Combine("run-lock.json");
        var lockFile = new LockFile();
        lockFile.Set("mytool", "any", locked);
        using var written = System.Text.Json.JsonDocument.Parse(lockFile.Serialize());
        var entry = written.RootElement.GetProperty("tools").GetProperty("mytool").GetProperty("any").GetRawText();
        File.WriteAllText(path, "{\"format\":1,\"tools\":{\"mytool@1.2.3\":{\"entry\":" + entry + "}}}");
        var sources = new Dictionary<string, LockedSource>(StringComparer.Ordinal);
        LockedSources.AddRunLock(sources, path);
        Assert.Equal("mytool", sources[locked.StorePath].Tool);
    }
}
