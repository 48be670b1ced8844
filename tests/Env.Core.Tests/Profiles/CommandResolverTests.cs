using Env.Core.Diagnostics;
using Env.Core.Locking;
using Env.Core.Model;
using Env.Core.Profiles;
using Env.Core.Store;
using Env.Core.Tools;

namespace Env.Core.Tests.Profiles;

/// <summary>An archive's bin/ is hostile: links that dangle, loop or leave the entry are not commands, and never a crash.</summary>
public sealed class CommandResolverTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private (StoreLayout Layout, LockEntry Entry, string Bin) Entry()
    {
        var layout = new StoreLayout(_dir.Combine("store"));
        var name = "0123456789abcdfghijklmnpqrsvwxyz-t-1";
        var bin = Directory.CreateDirectory(Path.Combine(layout.EntryPath(name), "bin")).FullName;
        var entry = new LockEntry { Kind = LockEntry.ArchiveKind, Requested = "1", Version = "1", SourceHash = "", NarHash = "", StorePath = name };
        return (layout, entry, bin);
    }

    private static ToolSpec Spec(params string[] bin) =>
        new() { Name = "t", Version = "1", Url = new Uri("https://x.test/t.tgz"), Bin = bin, DeclaredIn = "/repo/env.proj" };

    private static void Executable(string path, string text = "#!/bin/sh\n")
    {
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
    }

    [Fact]
    public void Dangling_looping_and_escaping_links_in_bin_are_skipped()
    {
        var (layout, entry, bin) = Entry();
        Executable(Path.Combine(bin, "good"));
        var outside = _dir.Combine("outside");
        Executable(outside);
        File.CreateSymbolicLink(Path.Combine(bin, "dangling"), "nowhere");
        File.CreateSymbolicLink(Path.Combine(bin, "loop1"), "loop2");
        File.CreateSymbolicLink(Path.Combine(bin, "loop2"), "loop1");
        File.CreateSymbolicLink(Path.Combine(bin, "escape"), outside);
        File.CreateSymbolicLink(Path.Combine(bin, "relative-escape"), "../../../outside");
        File.CreateSymbolicLink(Path.Combine(bin, "inside"), "good");

        var commands = CommandResolver.Resolve(Spec(), entry, layout, "linux-x64");

        Assert.Equal(["good", "inside"], commands.Select(c => c.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_bin_with_only_a_dangling_link_is_ENV0007_not_a_crash()
    {
        var (layout, entry, bin) = Entry();
        File.CreateSymbolicLink(Path.Combine(bin, "dangling"), "nowhere");
        Assert.Equal(EnvCode.ENV0007, Assert.Throws<EnvException>(() => CommandResolver.Resolve(Spec(), entry, layout, "linux-x64")).Code);
    }

    [Fact]
    public void A_Bin_path_through_a_link_leaving_the_entry_is_not_a_file_of_the_tool()
    {
        var (layout, entry, bin) = Entry();
        var outside = _dir.Combine("outside");
        Executable(outside);
        File.CreateSymbolicLink(Path.Combine(bin, "escape"), outside);
        Assert.Equal(EnvCode.ENV0006, Assert.Throws<EnvException>(() => CommandResolver.Resolve(Spec("bin/escape"), entry, layout, "linux-x64")).Code);
    }

    [Fact]
    public void A_file_in_bin_named_like_an_option_is_refused_with_ENV0017()
    {
        var (layout, entry, bin) = Entry();
        Executable(Path.Combine(bin, "-rf"));
        Assert.Equal(EnvCode.ENV0017, Assert.Throws<EnvException>(() => CommandResolver.Resolve(Spec(), entry, layout, "linux-x64")).Code);
    }

    [Fact]
    public void Two_tools_whose_commands_differ_only_in_case_clash_on_every_platform()
    {
        var (layout, entry, bin) = Entry();
        Executable(Path.Combine(bin, "Tool"));
        Executable(Path.Combine(bin, "tool"));
        var ex = Assert.Throws<EnvException>(() => CommandResolver.ResolveAll(
            [(Spec("bin/Tool"), entry), (Spec("bin/tool") with { Name = "u" }, entry)], layout, "linux-x64", "/repo/env.proj"));
        Assert.Equal(EnvCode.ENV0008, ex.Code);
    }
}
