using Env.Core.Diagnostics;
using Env.Core.Locking;

namespace Env.Core.Tests.Locking;

public sealed class LockFileTests
{
    private static LockEntry Entry(string version) => new()
    {
        Kind = LockEntry.ArchiveKind,
        Url = "https://x.test/t.tgz",
        Requested = version,
        Version = version,
        SourceHash = "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=",
        Size = 42,
        NarHash = "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=",
        StorePath = Env.Core.Nix.FixedOutputPath.ComputeRecursiveSha256(Convert.FromBase64String("ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="), "t-" + version),
        Bin = ["bin/t"],
    };

    [Fact]
    public void Tools_and_RIDs_serialise_in_ordinal_order_whatever_order_they_were_added_in()
    {
        var a = new LockFile();
        a.Set("zeta", "win-x64", Entry("1"));
        a.Set("Alpha", "linux-x64", Entry("2"));
        a.Set("zeta", "any", Entry("3"));
        var b = new LockFile();
        b.Set("zeta", "any", Entry("3"));
        b.Set("zeta", "win-x64", Entry("1"));
        b.Set("Alpha", "linux-x64", Entry("2"));

        var text = a.Serialize();
        Assert.Equal(text, b.Serialize());
        Assert.True(text.IndexOf("\"Alpha\"", StringComparison.Ordinal) < text.IndexOf("\"zeta\"", StringComparison.Ordinal));
        Assert.True(text.IndexOf("\"any\"", StringComparison.Ordinal) < text.IndexOf("\"win-x64\"", StringComparison.Ordinal));
        Assert.DoesNotContain("\r", text);
        Assert.EndsWith("}\n", text);
    }

    [Fact]
    public void A_saved_lock_loads_back_equal_and_saving_it_again_writes_nothing()
    {
        using var dir = new TempDir();
        var path = dir.Combine("env.lock.json");
        var lockFile = new LockFile();
        lockFile.Set("t", "any", Entry("1"));
        Assert.True(lockFile.Save(path));
        var stamp = File.GetLastWriteTimeUtc(path);

        var loaded = LockFile.Load(path);
        Assert.Equal(lockFile.Serialize(), loaded.Serialize());
        Assert.Equal(["bin/t"], loaded.Find("t", "any")!.Bin);
        Assert.False(loaded.Save(path));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(path));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp-*"));
    }

    [Fact]
    public void A_missing_lock_is_empty_and_a_broken_one_is_an_error_naming_it()
    {
        using var dir = new TempDir();
        Assert.Empty(LockFile.Load(dir.Combine("none.json")).Tools);

        var broken = dir.Combine("env.lock.json");
        File.WriteAllText(broken, "{ \"format\": 1, \"tools\": ");
        var ex = Assert.Throws<EnvException>(() => LockFile.Load(broken));
        Assert.Equal(EnvCode.ENV0501, ex.Code);
        Assert.Equal(broken, ex.File);

        File.WriteAllText(broken, "{ \"format\": 99, \"tools\": {} }");
        Assert.Equal(EnvCode.ENV0502, Assert.Throws<EnvException>(() => LockFile.Load(broken)).Code);
    }
}
