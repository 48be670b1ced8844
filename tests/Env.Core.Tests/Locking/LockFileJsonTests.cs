using System.Text;
using Env.Core.Diagnostics;
using Env.Core.Locking;

namespace Env.Core.Tests.Locking;

/// <summary>
/// env.lock.json's reader and writer. env.lock.before.json was written by the Newtonsoft.Json writer this one replaced
/// (every optional field, runtime packages, '+', '&amp;', non-ASCII): a lock in a repository must not change a byte.
/// </summary>
public sealed class LockFileJsonTests
{
    private static readonly string Before = RepoFile.Path("tests", "Env.Core.Tests", "Locking", "env.lock.before.json");

    [Fact]
    public void A_lock_the_earlier_writer_wrote_is_written_again_byte_for_byte()
    {
        var bytes = File.ReadAllBytes(Before);
        var loaded = LockFile.Load(Before);
        Assert.Equal(bytes, Encoding.UTF8.GetBytes(loaded.Serialize()));
        var zeta = loaded.Find("zeta", "linux-x64")!;
        Assert.True(zeta.Executable);
        Assert.False(zeta.StripRoot);
        Assert.Equal("https://x.test/t.tgz?a=1&b='<2>'+é", zeta.Url);
        Assert.Equal(["bin/t", "bin/ü"], zeta.Bin);
        Assert.Equal(zeta.Url, loaded.Find("zeta", "any")!.Url);
        Assert.Equal("Pkg.Id.linux-x64", loaded.Find("Alpha", "any")!.RuntimePackages!["linux-x64"].Package);
    }

    [Fact]
    public void The_committed_sample_lock_is_written_again_byte_for_byte()
    {
        var sample = RepoFile.Path("samples", "hello", "env.lock.json");
        Assert.Equal(File.ReadAllBytes(sample), Encoding.UTF8.GetBytes(LockFile.Load(sample).Serialize()));
    }

    [Fact]
    public void Strings_are_escaped_as_the_earlier_writer_escaped_them()
    {
        var text = new StringBuilder();
        for (var c = 0; c < 0x3000; c++)
        {
            if (!char.IsSurrogate((char)c)) text.Append((char)c);
        }
        text.Append("😀 \u2028\u2029\u0085\u007f");
        var value = text.ToString();
        Assert.Equal(Newtonsoft.Json.JsonConvert.ToString(value), JsonEscaping.Quote(value));
    }

    [Fact]
    public void What_earlier_versions_read_still_reads_comments_trailing_commas_unknown_keys_and_an_empty_file()
    {
        using var dir = new TempDir();
        var path = dir.Combine("env.lock.json");
        File.WriteAllText(path, "");
        Assert.Empty(LockFile.Load(path).Tools);

        var text = File.ReadAllText(Before).Replace("\"format\": 1,", "// pinned by CI\n  \"format\": 1, \"note\": [1, 2,],");
        File.WriteAllText(path, text);
        Assert.Equal(File.ReadAllText(Before), LockFile.Load(path).Serialize());
    }

    [Theory]
    // A key twice: which entry is trusted must not hide behind a second one.
    [InlineData("{ \"format\": 1, \"tools\": {}, \"tools\": {} }", EnvCode.ENV0501)]
    [InlineData("{ \"format\": \"1\", \"tools\": {} }", EnvCode.ENV0501)]
    [InlineData("{ \"format\": 1, \"tools\": [] }", EnvCode.ENV0501)]
    [InlineData("[]", EnvCode.ENV0501)]
    [InlineData("{ \"format\": 1, \"tools\": { \"t\": { \"any\": { \"kind\": 1 } } } }", EnvCode.ENV0501)]
    [InlineData("{ \"format\": 1, \"tools\": { \"t\": { \"any\": { \"kind\": \"nuget\", \"size\": \"12\" } } } }", EnvCode.ENV0501)]
    [InlineData("{ \"format\": 1, \"tools\": { \"t\": { \"any\": { \"kind\": \"nuget\", \"bin\": \"x\" } } } }", EnvCode.ENV0501)]
    [InlineData("{ \"format\": 1, \"tools\": { \"t\": { \"any\": \"x\" } } }", EnvCode.ENV0501)]
    [InlineData("{ \"format\": 1, \"tools\": { \"t\": null } }", EnvCode.ENV0509)]
    [InlineData("{ \"format\": 1, \"tools\": { \"t\": { \"any\": null } } }", EnvCode.ENV0509)]
    [InlineData("{ \"format\": 1, \"tools\": { \"t\": { \"any\": { \"kind\": \"nuget\" } } } }", EnvCode.ENV0509)]
    [InlineData("{ \"format\": 2, \"tools\": {} }", EnvCode.ENV0502)]
    [InlineData("{ \"format\": 1, \"tools\": {}, \"absent\": [] }", EnvCode.ENV0501)]
    [InlineData("{ \"format\": 1, \"tools\": {}, \"absent\": { \"t\": \"win-x64\" } }", EnvCode.ENV0501)]
    [InlineData("{ \"format\": 1, \"tools\": {}, \"absent\": { \"t\": [ 1 ] } }", EnvCode.ENV0501)]
    [InlineData("{ \"format\": 1, \"tools\": {}, \"absent\": { \"t\": [ \" \" ] } }", EnvCode.ENV0501)]
    [InlineData("{ \"format\": 1, \"tools\": {}, \"absent\": { \"../t\": [ \"win-x64\" ] } }", EnvCode.ENV0501)]
    // A base image pin: a tagged reference with its registry, written as Env.Sdk writes it, and a sha256 digest.
    [InlineData("{ \"format\": 1, \"tools\": {}, \"containerBaseImages\": [] }", EnvCode.ENV0501)]
    [InlineData("{ \"format\": 1, \"tools\": {}, \"containerBaseImages\": { \"debian:12\": \"sha256:0000000000000000000000000000000000000000000000000000000000000000\" } }", EnvCode.ENV0501)]
    [InlineData("{ \"format\": 1, \"tools\": {}, \"containerBaseImages\": { \"r.example.com/a\": \"sha256:0000000000000000000000000000000000000000000000000000000000000000\" } }", EnvCode.ENV0501)]
    [InlineData("{ \"format\": 1, \"tools\": {}, \"containerBaseImages\": { \"r.example.com/../a:1\": \"sha256:0000000000000000000000000000000000000000000000000000000000000000\" } }", EnvCode.ENV0501)]
    [InlineData("{ \"format\": 1, \"tools\": {}, \"containerBaseImages\": { \"r.example.com/a:1\": \"sha256:xyz\" } }", EnvCode.ENV0501)]
    [InlineData("{ \"format\": 1, \"tools\": {}, \"containerBaseImages\": { \"r.example.com/a:1\": 1 } }", EnvCode.ENV0501)]
    public void A_hostile_or_damaged_lock_is_refused_with_its_code(string json, EnvCode code)
    {
        using var dir = new TempDir();
        var path = dir.Combine("env.lock.json");
        File.WriteAllText(path, json);
        var ex = Assert.Throws<EnvException>(() => LockFile.Load(path));
        Assert.Equal(code, ex.Code);
        Assert.Equal(path, ex.File);
    }

    [Fact]
    public void A_base_image_pin_is_written_last_and_read_back_and_a_lock_without_one_keeps_its_bytes()
    {
        using var dir = new TempDir();
        var path = dir.Combine("env.lock.json");
        var digest = "sha256:" + new string('a', 64);
        var lockFile = new LockFile();
        lockFile.ContainerBaseImages["127.0.0.1:5000/dotnet/runtime:10.0"] = digest;
        lockFile.Save(path);
        Assert.EndsWith($"  \"containerBaseImages\": {{\n    \"127.0.0.1:5000/dotnet/runtime:10.0\": \"{digest}\"\n  }}\n}}\n", File.ReadAllText(path));
        Assert.Equal(digest, LockFile.Load(path).ContainerBaseImages["127.0.0.1:5000/dotnet/runtime:10.0"]);
        Assert.DoesNotContain("containerBaseImages", new LockFile().Serialize());
    }

    [Fact]
    public void A_deeply_nested_lock_is_refused_before_it_is_walked()
    {
        using var dir = new TempDir();
        var path = dir.Combine("env.lock.json");
        File.WriteAllText(path, "{ \"format\": 1, \"x\": " + new string('[', 10_000) + new string(']', 10_000) + " }");
        Assert.Equal(EnvCode.ENV0501, Assert.Throws<EnvException>(() => LockFile.Load(path)).Code);
    }

    [Fact]
    public void A_lock_that_is_a_link_to_dev_zero_or_a_fifo_is_refused_not_loaded()
    {
        using var dir = new TempDir();
        var path = dir.Combine("env.lock.json");
        File.CreateSymbolicLink(path, "/dev/zero");
        Assert.Equal(EnvCode.ENV0520, Assert.Throws<EnvException>(() => LockFile.Load(path)).Code);

        File.Delete(path);
        System.Diagnostics.Process.Start("mkfifo", [path])!.WaitForExit();
        var ex = Assert.Throws<EnvException>(() => LockFile.Load(path));
        Assert.Equal(EnvCode.ENV0520, ex.Code);
        Assert.Equal(path, ex.File);
    }

    [Fact]
    public void A_lock_linked_to_a_regular_file_is_read_as_before()
    {
        using var dir = new TempDir();
        var path = dir.Combine("env.lock.json");
        File.CreateSymbolicLink(path, Before);
        Assert.Equal(File.ReadAllText(Before), LockFile.Load(path).Serialize());
    }

    [Fact]
    public void Absent_tools_are_written_after_the_tools_sorted_and_read_back()
    {
        var lockFile = new LockFile();
        lockFile.SetAbsent("shellcheck", "win-x64");
        lockFile.SetAbsent("shellcheck", "osx-arm64");
        lockFile.SetAbsent("jq", "win-arm64");
        var text = lockFile.Serialize();
        Assert.Equal("""
            {
              "format": 1,
              "tools": {},
              "absent": {
                "jq": [
                  "win-arm64"
                ],
                "shellcheck": [
                  "osx-arm64",
                  "win-x64"
                ]
              }
            }

            """, text);
        var read = LockFileJson.Read(System.Text.Encoding.UTF8.GetBytes(text), "env.lock.json");
        Assert.True(read.IsAbsent("shellcheck", "osx-arm64"));
        Assert.False(read.IsAbsent("shellcheck", "linux-x64"));
        Assert.Equal(text, read.Serialize());
        // A lock without absent tools has no "absent" at all: its bytes are those of earlier versions.
        Assert.DoesNotContain("absent", new LockFile().Serialize());
    }
}

