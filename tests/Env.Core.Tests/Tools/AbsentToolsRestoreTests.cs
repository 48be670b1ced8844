using System.Security.Cryptography;
using Env.Core.Archives;
using Env.Core.Diagnostics;
using Env.Core.Fetching;
using Env.Core.Locking;
using Env.Core.Model;
using Env.Core.Nix;
using Env.Core.Store;
using Env.Core.Tests.Archives;
using Env.Core.Tests.Fetching;
using Env.Core.Tools;

namespace Env.Core.Tests.Tools;

/// <summary>
/// Tools a platform does not have (Optional, Platforms): the restore records them in the lock as absent there, keeps what
/// other platforms recorded while env.proj still says it, and locked mode checks both ways.
/// </summary>
public sealed class AbsentToolsRestoreTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly SharingLog _log = new();

    public void Dispose() => _dir.Dispose();

    private string Project => _dir.Combine("env.proj");

    private string LockPath => _dir.Combine("env.lock.json");

    private ToolSpec Archive(string name, string rid, string content)
    {
        using var tar = new TarBuilder();
        var path = tar.Dir("t/").Dir("t/bin/").File($"t/bin/{name}", content, TarBuilder.Mode755).Save(_dir, ArchiveFormat.TarGzip, $"{name}-{rid}.tar.gz");
        return new ToolSpec
        {
            Name = name, Version = "1.0", Rid = rid, Url = new Uri(path), DeclaredIn = Project,
            Hash = new ContentHash(HashAlgorithmKind.Sha256, SHA256.HashData(File.ReadAllBytes(path))),
        };
    }

    private Task<LockFile> Restore(IReadOnlyList<ToolSpec> specs, LockFile current, RestoreOptions options)
    {
        var store = new EnvStore(_dir.Combine("store"), _log);
        var installer = new ToolInstaller(store, new DownloadCache(_dir.Combine("cache")), () => throw new InvalidOperationException("no feed"), 1 << 30, options.Rid, _log);
        return new EnvRestorer(installer, store, _log).RestoreAsync(specs, current, LockPath, options, CancellationToken.None);
    }

    [Fact]
    public async Task Each_platform_records_what_it_does_not_have_and_keeps_what_the_others_recorded()
    {
        var specs = new[] { Archive("shellcheck", "linux-x64", "sc") with { Optional = true }, Archive("mactool", "osx", "m") with { Platforms = ["osx"] } };

        var linux = await Restore(specs, new LockFile(), new RestoreOptions { Rid = "linux-x64" });
        Assert.NotNull(linux.Find("shellcheck", "linux-x64"));
        Assert.True(linux.IsAbsent("mactool", "linux-x64"));
        Assert.False(linux.IsAbsent("shellcheck", "linux-x64"));

        var windows = await Restore(specs, linux, new RestoreOptions { Rid = "win-x64" });
        Assert.True(windows.IsAbsent("shellcheck", "win-x64"));
        Assert.True(windows.IsAbsent("mactool", "win-x64"));
        Assert.True(windows.IsAbsent("mactool", "linux-x64"));
        Assert.NotNull(windows.Find("shellcheck", "linux-x64"));

        // mactool now exists on Linux too: the absence Linux recorded goes with the next restore anywhere.
        var everywhere = new[] { specs[0], specs[1] with { Platforms = ["osx", "linux"] } };
        var after = await Restore(everywhere, windows, new RestoreOptions { Rid = "win-x64" });
        Assert.False(after.IsAbsent("mactool", "linux-x64"));
        Assert.True(after.IsAbsent("mactool", "win-x64"));
    }

    [Fact]
    public async Task Locked_mode_wants_the_absence_recorded_and_refuses_one_env_proj_no_longer_says()
    {
        var specs = new[] { Archive("shellcheck", "linux-x64", "sc") with { Optional = true } };
        var linux = await Restore(specs, new LockFile(), new RestoreOptions { Rid = "linux-x64" });

        var ex = await Assert.ThrowsAsync<EnvException>(() => Restore(specs, linux, new RestoreOptions { Rid = "win-x64", Locked = true }));
        Assert.Equal(EnvCode.ENV0503, ex.Code);
        Assert.Contains("'shellcheck' is absent on win-x64 (env.proj), which the lock does not record", ex.Message);

        var windows = await Restore(specs, linux, new RestoreOptions { Rid = "win-x64" });
        var locked = await Restore(specs, windows, new RestoreOptions { Rid = "win-x64", Locked = true });
        Assert.Equal(windows.Serialize(), locked.Serialize());

        // An item for Windows now: the lock's "absent on win-x64" is stale, on every platform's locked build.
        var withWindows = specs.Append(Archive("shellcheck", "win-x64", "sc.exe") with { Optional = true }).ToArray();
        var stale = await Assert.ThrowsAsync<EnvException>(() => Restore(withWindows, windows, new RestoreOptions { Rid = "linux-x64", Locked = true }));
        Assert.Equal(EnvCode.ENV0503, stale.Code);
        Assert.Contains("the lock records 'shellcheck' as absent on win-x64, which env.proj no longer says", stale.Message);
    }

    [Fact]
    public async Task EnvLock_records_absences_on_every_platform_it_locks_and_warns_about_a_tool_without_an_item()
    {
        var specs = new[] { Archive("shellcheck", "linux-x64", "sc") with { Optional = true }, Archive("linuxonly", "linux-x64", "l") };
        var options = new RestoreOptions { Rid = "linux-x64", AllPlatforms = true, LockRids = ["linux-x64", "osx-arm64", "win-x64"] };

        var all = await Restore(specs, new LockFile(), options);

        Assert.Equal(["osx-arm64", "win-x64"], all.Absent["shellcheck"]);
        Assert.False(all.Absent.ContainsKey("linuxonly"));
        var gaps = options.Gaps.ByRuntimeIdentifier;
        Assert.Equal(["osx-arm64", "win-x64"], gaps.Keys.Order());
        Assert.Contains("linuxonly has no item for it", gaps["win-x64"].Single());
        Assert.Contains(_log.Lines, l => l.StartsWith("warning ENV0510") && l.Contains("does not cover osx-arm64") && l.Contains("Optional=\"true\""));
    }
}
