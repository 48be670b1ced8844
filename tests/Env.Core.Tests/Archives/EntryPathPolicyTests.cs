using Env.Core.Archives;
using Env.Core.Diagnostics;

namespace Env.Core.Tests.Archives;

public class EntryPathPolicyTests
{
    private static readonly ArchiveErrors Errors = new("test.tar", "/tmp/test.tar");

    [Theory]
    [InlineData("a/b/c", false, new[] { "a", "b", "c" })]
    [InlineData("./a/./b", false, new[] { "a", "b" })]
    [InlineData("dir/", true, new[] { "dir" })]
    [InlineData("./", true, new string[0])]
    [InlineData(".", true, new string[0])]
    [InlineData("..a/b..", false, new[] { "..a", "b.." })]
    [InlineData("NUL", false, new[] { "NUL" })]
    public void Ordinary_names_become_components(string name, bool isDirectory, string[] expected) =>
        Assert.Equal(expected, EntryPathPolicy.Parse(name, isDirectory, Errors, windowsRules: false));

    [Theory]
    [InlineData("NUL")]
    [InlineData("con.txt")]
    [InlineData("dir/Aux.tar.gz")]
    [InlineData("COM1")]
    [InlineData("lpt9.log")]
    [InlineData("trailing.")]
    [InlineData("trailing ")]
    [InlineData("a:stream")]
    [InlineData("what?")]
    [InlineData("tab\there")]
    public void Names_Windows_would_reinterpret_are_refused_under_windows_rules(string name)
    {
        var ex = Assert.Throws<EnvException>(() => EntryPathPolicy.Parse(name, false, Errors, windowsRules: true));
        Assert.Equal(EnvCode.ENV0201, ex.Code);
        // The same names are ordinary files on Unix, where the store is not shared with Windows.
        if (!name.Contains(':')) EntryPathPolicy.Parse(name, false, Errors, windowsRules: false);
    }

    [Theory]
    [InlineData("console.txt")]
    [InlineData("nul_device")]
    [InlineData("COM10")]
    public void Names_that_merely_resemble_devices_are_fine_under_windows_rules(string name) =>
        Assert.Single(EntryPathPolicy.Parse(name, false, Errors, windowsRules: true));

    [Theory]
    [InlineData("a/", false)]
    [InlineData("", true)]
    [InlineData("a\0b", false)]
    public void Malformed_names_are_refused(string name, bool isDirectory)
    {
        var ex = Assert.Throws<EnvException>(() => EntryPathPolicy.Parse(name, isDirectory, Errors, windowsRules: false));
        Assert.Equal(EnvCode.ENV0201, ex.Code);
        Assert.Contains("test.tar", ex.Message);
        Assert.Equal("/tmp/test.tar", ex.File);
    }

    [Fact]
    public void Collision_keys_fold_case_and_normalisation() =>
        Assert.Equal(EntryPathPolicy.CollisionKey("Caf\u00e9/X"), EntryPathPolicy.CollisionKey("cafe\u0301/x"));
}
