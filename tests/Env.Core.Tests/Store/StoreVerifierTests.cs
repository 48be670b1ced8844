using Env.Core.Diagnostics;
using Env.Core.Store;

namespace Env.Core.Tests.Store;

/// <summary>Verify recomputes each entry's name from its content: every kind of change shows, intact entries pass.</summary>
public sealed class StoreVerifierTests : IDisposable
{
    private readonly StoreFixture _s = new();

    public void Dispose() => _s.Dispose();

    private string Tool(string flavour = "") => _s.Add("tool-1.0" + flavour, ("bin/tool*", "#!/bin/sh\necho tool\n"), ("share/data", "abcdef"), ("@link", "bin/tool"));

    private void Change(string entry, Action<string> change)
    {
        var path = _s.Layout.EntryPath(entry);
        ReadOnlyTree.Unseal(path);
        foreach (var f in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)) if (new FileInfo(f).LinkTarget is null) File.SetUnixFileMode(f, File.GetUnixFileMode(f) | UnixFileMode.UserWrite);
        change(path);
    }

    [Fact]
    public void Intact_entries_pass()
    {
        var a = Tool();
        var b = Tool("-b");
        var results = StoreVerifier.Verify(_s.Layout);
        Assert.Equal(new[] { a, b }.Order(StringComparer.Ordinal), results.Select(r => r.Name));
        Assert.All(results, r => Assert.True(r.Ok));
    }

    [Fact]
    public void A_flipped_byte_is_found()
    {
        var bad = Tool();
        var good = Tool("-b");
        Change(bad, p =>
        {
            var bytes = File.ReadAllBytes(Path.Combine(p, "share", "data"));
            bytes[2] ^= 1;
            File.WriteAllBytes(Path.Combine(p, "share", "data"), bytes);
        });
        var results = StoreVerifier.Verify(_s.Layout);
        Assert.False(results.Single(r => r.Name == bad).Ok);
        Assert.NotEqual(bad, results.Single(r => r.Name == bad).ActualName);
        Assert.True(results.Single(r => r.Name == good).Ok);
    }

    [Fact]
    public void An_added_file_is_found() =>
        AssertFound(p => File.WriteAllText(Path.Combine(p, "extra"), ""));

    [Fact]
    public void A_changed_executable_bit_is_found() =>
        AssertFound(p => File.SetUnixFileMode(Path.Combine(p, "share", "data"), (UnixFileMode)0b111_101_101));

    [Fact]
    public void A_changed_link_target_is_found() =>
        AssertFound(p =>
        {
            File.Delete(Path.Combine(p, "link"));
            File.CreateSymbolicLink(Path.Combine(p, "link"), "share/data");
        });

    [Fact]
    public void Only_the_entries_asked_for_are_checked()
    {
        var a = Tool();
        Tool("-b");
        var results = StoreVerifier.Verify(_s.Layout, [a, "00000000000000000000000000000000-missing"]);
        Assert.True(results.Single(r => r.Name == a).Ok);
        Assert.Equal("missing from the store", results.Single(r => r.Name != a).Problem);
    }

    [Fact]
    public void An_entry_replaced_by_a_link_to_an_intact_copy_is_reported_and_not_taken_as_present()
    {
        // The copy hashes exactly as the entry did: only "a link is no entry" can tell.
        var entry = Tool();
        var copy = _s.Combine("elsewhere", entry);
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        ReadOnlyTree.Unseal(_s.Layout.EntryPath(entry));
        Directory.Move(_s.Layout.EntryPath(entry), copy);
        Directory.CreateSymbolicLink(_s.Layout.EntryPath(entry), copy);

        var all = StoreVerifier.Verify(_s.Layout);
        var found = Assert.Single(all);
        Assert.Equal(entry, found.Name);
        Assert.Contains("symbolic link", found.Problem);
        Assert.False(StoreVerifier.VerifyOne(_s.Layout, entry).Ok);
        Assert.False(_s.Store.Contains(entry));
        Assert.False(_s.Store.TryHold(entry));

        // Adding the same content does not go through the link: a coded error, nothing moved over it.
        var ex = Assert.Throws<EnvException>(() => Tool());
        Assert.Equal(EnvCode.ENV0319, ex.Code);
        Assert.NotNull(new DirectoryInfo(_s.Layout.EntryPath(entry)).LinkTarget);
    }

    [Fact]
    public void A_file_at_an_entry_name_is_reported()
    {
        var name = "0000000000000000000000000000000a-tool-1.0";
        Directory.CreateDirectory(_s.Layout.StoreDir);
        File.WriteAllText(_s.Layout.EntryPath(name), "not an entry");
        var found = Assert.Single(StoreVerifier.Verify(_s.Layout));
        Assert.Contains("a file", found.Problem);
    }

    private void AssertFound(Action<string> change)
    {
        var entry = Tool();
        Change(entry, change);
        Assert.False(StoreVerifier.VerifyOne(_s.Layout, entry).Ok);
    }
}
