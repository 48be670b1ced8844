using Env.Core.Diagnostics;
using Env.Core.Image;
using Env.Core.Locking;

namespace Env.Core.Tests.Image;

/// <summary>Which digest of ContainerBaseImage a build uses, and what it does to the lock, in each mode.</summary>
public sealed class BaseImagePinTests
{
    private static readonly string Old = "sha256:" + new string('1', 64);
    private static readonly string New = "sha256:" + new string('2', 64);
    private static readonly BaseImageReference Base = BaseImageReference.Parse("registry.example.com/dotnet/runtime:10.0", null);

    private sealed class Log : IEnvLog
    {
        public List<string> Lines { get; } = [];
        public void Info(string message) => Lines.Add(message);
        public void Detail(string message) { }
        public void Warning(EnvCode code, string message, string? file = null) => Lines.Add($"{code}: {message}");
    }

    private static (string Digest, bool Changed, LockFile Lock, Log Log) Choose(string? pinned, string tagNow, bool locked, bool update, BaseImageReference? reference = null)
    {
        var lockFile = new LockFile();
        if (pinned is not null) lockFile.ContainerBaseImages[Base.LockKey] = pinned;
        var log = new Log();
        var (digest, changed) = BaseImagePin.ChooseAsync(reference ?? Base, lockFile, locked, update, _ => Task.FromResult(tagNow), "/r/env.lock.json", log, "/r/env.proj", default).GetAwaiter().GetResult();
        return (digest, changed, lockFile, log);
    }

    [Fact]
    public void The_first_build_pins_the_tag_and_later_builds_keep_the_pin_even_when_the_tag_moves()
    {
        var first = Choose(null, Old, locked: false, update: false);
        Assert.Equal((Old, true), (first.Digest, first.Changed));
        Assert.Equal(Old, first.Lock.ContainerBaseImages["registry.example.com/dotnet/runtime:10.0"]);

        var same = Choose(Old, Old, locked: true, update: false);
        Assert.Equal((Old, false), (same.Digest, same.Changed));

        var moved = Choose(Old, New, locked: false, update: false);
        Assert.Equal((Old, false), (moved.Digest, moved.Changed));
        Assert.StartsWith("ENV0992", Assert.Single(moved.Log.Lines));
    }

    [Fact]
    public void Locked_mode_refuses_a_moved_tag_and_a_base_the_lock_does_not_pin_and_an_update_takes_the_tag()
    {
        Assert.Equal(EnvCode.ENV0991, Assert.Throws<EnvException>(() => Choose(Old, New, locked: true, update: false)).Code);
        Assert.Equal(EnvCode.ENV0991, Assert.Throws<EnvException>(() => Choose(null, New, locked: true, update: false)).Code);
        var update = Choose(Old, New, locked: true, update: true);
        Assert.Equal((New, true), (update.Digest, update.Changed));
        Assert.Equal(New, update.Lock.ContainerBaseImages[Base.LockKey]);
    }

    [Fact]
    public async Task A_pin_env_proj_no_longer_names_is_dropped_when_the_lock_is_written_and_kept_in_locked_mode()
    {
        foreach (var locked in new[] { false, true })
        {
            var lockFile = new LockFile();
            lockFile.ContainerBaseImages[Base.LockKey] = Old;
            lockFile.ContainerBaseImages["registry.example.com/old/base:1"] = New;
            var (digest, changed) = await BaseImagePin.ChooseAsync(Base, lockFile, locked, update: false, _ => Task.FromResult(Old), "/r/env.lock.json", new Log(), null, default);
            Assert.Equal((Old, !locked), (digest, changed));
            Assert.Equal(locked ? 2 : 1, lockFile.ContainerBaseImages.Count);
        }
    }

    [Fact]
    public async Task A_digest_in_the_reference_is_its_own_pin_and_asks_nothing()
    {
        var reference = BaseImageReference.Parse($"registry.example.com/dotnet/runtime@{New}", null);
        var lockFile = new LockFile();
        var (digest, changed) = await BaseImagePin.ChooseAsync(reference, lockFile, locked: true, update: false, _ => throw new InvalidOperationException("asked"), "/r/env.lock.json", new Log(), null, default);
        Assert.Equal((New, false), (digest, changed));
        Assert.Empty(lockFile.ContainerBaseImages);
    }

    [Theory]
    [InlineData("debian:12")]
    [InlineData("library/debian:12")]
    [InlineData("registry.example.com/Upper:1")]
    [InlineData("registry.example.com/a/../b:1")]
    [InlineData("registry.example.com/a@sha256:short")]
    [InlineData("registry.example.com/a:-x")]
    [InlineData("registry.example.com\\a:1")]
    public void A_reference_without_its_registry_or_with_a_bad_name_is_ENV0989(string text) =>
        Assert.Equal(EnvCode.ENV0989, Assert.Throws<EnvException>(() => BaseImageReference.Parse(text, "/r/env.proj")).Code);

    [Theory]
    [InlineData("localhost:5000/a", "localhost:5000", "a", null)]
    [InlineData("127.0.0.1:5000/dotnet/runtime:10.0", "127.0.0.1:5000", "dotnet/runtime", "10.0")]
    [InlineData("registry.example.com/a/b:1.2-x", "registry.example.com", "a/b", "1.2-x")]
    public void A_reference_names_its_registry_name_and_tag(string text, string registry, string repository, string? tag)
    {
        var reference = BaseImageReference.Parse(text, null);
        Assert.Equal((registry, repository, tag), (reference.Registry, reference.Repository, reference.Tag));
    }
}
