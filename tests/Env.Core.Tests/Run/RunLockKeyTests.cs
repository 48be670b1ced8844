using Env.Core.Locking;
using Env.Core.Run;

namespace Env.Core.Tests.Run;

/// <summary>A run lock key answers only the entry it asks for (issue 16, item 13): package, version, tool set tool, archive hash.</summary>
public sealed class RunLockKeyTests
{
    private const string Sri = "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";

    private static LockEntry Package(string id, string version) => new()
    {
        Kind = LockEntry.NuGetKind, Package = id, Requested = version, Version = version, SourceHash = "sha512-x", NarHash = Sri, StorePath = "p",
    };

    private static RunLockEntry Run(LockEntry entry, string tool, LockEntry? set = null) => new()
    {
        Rid = "linux-x64", Tool = tool, Entry = entry, ToolSet = set,
        Command = new RunCommand { Name = tool, Kind = RunCommand.Link, Entry = "p", Path = "bin/" + tool },
    };

    [Theory]
    [InlineData("csharpier@1.3.0")]
    [InlineData("csharpier")]
    [InlineData("csharpier@1.3.0#csharpier")]
    [InlineData("shell:csharpier@1.3.0")]
    [InlineData("csharpier@1.3.0#bin=tools/x")]
    public void The_entry_asked_for_matches(string key) =>
        Assert.Null(RunLockKey.Mismatch(key, Run(Package("CSharpier", "1.3.0"), "csharpier")));

    [Theory]
    [InlineData("csharpier@1.3.0")] // another package
    [InlineData("dotnet-format@1.3.0")] // another version
    public void Another_package_or_version_is_refused(string key)
    {
        var entry = Run(Package("Dotnet-Format", "2.0.0"), "dotnet-format");
        Assert.NotNull(RunLockKey.Mismatch(key, entry));
    }

    [Fact]
    public void A_tool_set_tool_is_bound_to_the_set_and_the_tool()
    {
        var entry = Run(Package("protoc", "3.0.0"), "protoc", Package("My.Tools", "1.0.0"));
        Assert.Null(RunLockKey.Mismatch("my.tools@1.0.0#protoc", entry));
        Assert.NotNull(RunLockKey.Mismatch("my.tools@1.0.0#grpc", entry));
        Assert.NotNull(RunLockKey.Mismatch("other.tools@1.0.0#protoc", entry));
    }

    [Fact]
    public void An_archive_is_bound_to_the_hash_in_its_key()
    {
        var archive = new LockEntry
        {
            Kind = LockEntry.ArchiveKind, Url = "https://example.org/t.tar.gz", Requested = "1", Version = "1", SourceHash = Sri, NarHash = Sri, StorePath = "p",
        };
        Assert.Null(RunLockKey.Mismatch($"url:https://example.org/t.tar.gz#{Sri}", Run(archive, "t")));
        Assert.Null(RunLockKey.Mismatch($"url:https://example.org/t.tar.gz#{Sri}#bin/t", Run(archive, "t")));
        Assert.NotNull(RunLockKey.Mismatch("url:https://example.org/t.tar.gz#sha256-" + Convert.ToBase64String(new byte[32]), Run(archive, "t")));
    }
}
