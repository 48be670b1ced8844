using Env.Core.Store;

namespace Env.Core.Tests.Store;

/// <summary>The one policy of a store entry's name, which the store, the locks and the shell folder's links share.</summary>
public sealed class StoreEntryNameTests
{
    private const string Hash = "0123456789abcdfghijklmnpqrsvwxyz";

    [Theory]
    [InlineData(Hash + "-demo-1.0", true)]
    [InlineData(Hash + "-", false)]
    [InlineData(Hash + "-.hidden", false)]
    [InlineData(Hash + "-a/b", false)]
    [InlineData("0123456789abcdfghijklmnpqrsvwxye-demo", false)] // 'e' is no nix32 digit
    [InlineData("0123456789abcdfghijklmnpqrsvwxy-demo", false)]  // 31 characters
    [InlineData(Hash + "_demo", false)]
    public void An_entry_name_is_a_nix32_hash_a_dash_and_a_store_name(string name, bool expected) =>
        Assert.Equal(expected, StoreEntryName.IsEntryName(name));

    [Fact]
    public void An_entry_path_is_a_full_path_ending_in_an_entry_name()
    {
        Assert.True(StoreEntryName.IsEntryPath("/store/" + Hash + "-demo"));
        Assert.True(StoreEntryName.IsEntryPath("/store/" + Hash + "-demo/"));
        Assert.False(StoreEntryName.IsEntryPath("store/" + Hash + "-demo"));
        Assert.False(StoreEntryName.IsEntryPath("/store/" + Hash + "-demo/bin"));
    }
}
