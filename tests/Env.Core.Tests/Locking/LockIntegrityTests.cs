using Env.Core.Diagnostics;
using Env.Core.Locking;
using Env.Core.Nix;

namespace Env.Core.Tests.Locking;

/// <summary>The lock is input from whoever committed it: every storePath must be what its narHash, name and version give.</summary>
public sealed class LockIntegrityTests : IDisposable
{
    private static readonly byte[] Nar = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly byte[] OtherNar = Enumerable.Range(2, 32).Select(i => (byte)i).ToArray();
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static LockEntry Entry(string tool, string version, byte[]? nar = null) => new()
    {
        Kind = LockEntry.NuGetKind,
        Package = "P",
        Requested = version,
        Version = version,
        SourceHash = "sha512-" + Convert.ToBase64String(new byte[64]),
        NarHash = new ContentHash(HashAlgorithmKind.Sha256, nar ?? Nar).ToSri(),
        StorePath = FixedOutputPath.ComputeRecursiveSha256(nar ?? Nar, $"{tool}-{version}"),
        Bin = [],
    };

    private string Save(LockEntry entry, string tool = "t")
    {
        var lockFile = new LockFile();
        lockFile.Set(tool, "any", entry);
        var path = _dir.Combine("env.lock.json");
        File.WriteAllText(path, lockFile.Serialize());
        return path;
    }

    private static void Refused(EnvCode code, string path, string? mentions = null)
    {
        var ex = Assert.Throws<EnvException>(() => LockFile.Load(path));
        Assert.Equal(code, ex.Code);
        Assert.Equal(path, ex.File);
        Assert.Contains("delete this tool's entry", ex.Message);
        if (mentions is not null) Assert.Contains(mentions, ex.Message);
    }

    [Fact]
    public void An_entry_whose_store_path_is_the_one_its_nar_hash_name_and_version_give_loads()
    {
        var path = Save(Entry("t", "1.0"));
        Assert.Equal(Entry("t", "1.0").StorePath, LockFile.Load(path).Find("t", "any")!.StorePath);
    }

    [Theory]
    [InlineData("/etc")]
    [InlineData("../x")]
    [InlineData("0123456789abcdfghijklmnpqrsvwxyz/../../x")]
    [InlineData("short-t-1.0")]
    [InlineData("")]
    public void A_store_path_that_is_no_bare_store_name_is_refused(string storePath) =>
        Refused(EnvCode.ENV0507, Save(Entry("t", "1.0") with { StorePath = storePath }));

    [Fact]
    public void Another_valid_entry_of_the_store_is_refused()
    {
        // A real entry of another tool, or of this tool's other content: valid names, but not this entry's.
        Refused(EnvCode.ENV0508, Save(Entry("t", "1.0") with { StorePath = Entry("evil", "1.0").StorePath }), "evil");
        Refused(EnvCode.ENV0508, Save(Entry("t", "1.0") with { StorePath = Entry("t", "1.0", OtherNar).StorePath }));
    }

    [Fact]
    public void A_changed_or_malformed_nar_hash_is_refused()
    {
        Refused(EnvCode.ENV0508, Save(Entry("t", "1.0") with { NarHash = new ContentHash(HashAlgorithmKind.Sha256, OtherNar).ToSri() }));
        Refused(EnvCode.ENV0506, Save(Entry("t", "1.0") with { NarHash = "sha256-notbase64!" }));
        Refused(EnvCode.ENV0506, Save(Entry("t", "1.0") with { NarHash = "sha512-" + Convert.ToBase64String(new byte[64]) }));
        Refused(EnvCode.ENV0506, Save(Entry("t", "1.0") with { NarHash = new ContentHash(HashAlgorithmKind.Sha256, Nar).ToHex() }));
    }

    [Fact]
    public void A_changed_version_or_tool_name_no_longer_matches_its_store_path()
    {
        Refused(EnvCode.ENV0508, Save(Entry("t", "1.0") with { Version = "2.0" }));
        Refused(EnvCode.ENV0508, Save(Entry("t", "1.0"), tool: "u"));
    }

    [Fact]
    public void Runtime_packages_are_checked_too_and_are_named_with_their_rid()
    {
        var runtime = Entry("t", "1.0") with { StorePath = FixedOutputPath.ComputeRecursiveSha256(Nar, "t-linux-x64-1.0") };
        var good = Save(Entry("t", "1.0") with { RuntimePackages = new() { ["linux-x64"] = runtime } });
        Assert.NotNull(LockFile.Load(good).Find("t", "any")!.RuntimePackages!["linux-x64"]);

        // Named like the pointer package (as before the names were distinct), or pointing elsewhere.
        Refused(EnvCode.ENV0508, Save(Entry("t", "1.0") with { RuntimePackages = new() { ["linux-x64"] = Entry("t", "1.0") } }));
        Refused(EnvCode.ENV0507, Save(Entry("t", "1.0") with { RuntimePackages = new() { ["linux-x64"] = runtime with { StorePath = "/tmp/x" } } }));
    }

    [Fact]
    public void A_hand_edited_entry_missing_fields_is_refused_not_a_crash()
    {
        var path = _dir.Combine("env.lock.json");
        File.WriteAllText(path, """{ "format": 1, "tools": { "t": { "any": { "kind": "nuget", "version": "1" } } } }""");
        Refused(EnvCode.ENV0509, path);
        File.WriteAllText(path, """{ "format": 1, "tools": { "t": { "any": null } } }""");
        Refused(EnvCode.ENV0509, path);
        File.WriteAllText(path, """{ "format": 1, "tools": { "t": null } }""");
        Refused(EnvCode.ENV0509, path);
    }

    [Fact]
    public void An_archive_entry_must_pin_the_version_it_asks_for()
    {
        var archive = Entry("t", "2.0") with { Kind = LockEntry.ArchiveKind, Url = "https://x.test/t.tgz", Requested = "1.0" };
        Refused(EnvCode.ENV0509, Save(archive));
    }

    [Fact]
    public void The_committed_sample_lock_passes()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "samples", "hello", "env.lock.json"))) dir = dir.Parent;
        Assert.NotNull(dir);
        var sample = LockFile.Load(Path.Combine(dir.FullName, "samples", "hello", "env.lock.json"));
        Assert.NotEmpty(sample.Tools);
    }
}
