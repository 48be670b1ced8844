using Env.Core.Nix;
using Env.Core.Shell;
using Env.Core.Store;

namespace Env.Core.Tests.Shell;

/// <summary>
/// What a no-op build checks that timestamps cannot see (EnvCheckShell): the profile link leads into this store, and
/// env.json is of the current format; and what the scripts name: the store entry, not the link.
/// </summary>
public sealed class ShellFolderLinkTests
{
    private const string EntryName = "0123456789abcdfghijklmnpqrsvwxyz-demo-profile";

    [Fact]
    public void Only_a_link_to_an_entry_directly_in_the_store_leads_into_it()
    {
        using var tmp = new TempDir();
        var store = tmp.Combine("store");
        var entry = Path.Combine(store, EntryName);
        Directory.CreateDirectory(Path.Combine(entry, "bin"));
        var shell = tmp.Combine("repo", ".envsdk");
        DevShell.Write(shell, tmp.Combine("repo", "env.proj"), new StoreEntry(EntryName, entry, ContentHash.Parse("sha256-" + Convert.ToBase64String(new byte[32]))), [], []);
        var folder = new ShellFolder(shell, null);
        Assert.True(folder.ProfileLeadsInto(store));
        Assert.True(folder.ProfileLeadsInto(store + "/"));
        Assert.True(folder.HasCurrentEnvJson());
        Assert.DoesNotContain(Path.Combine(shell, "profile"), File.ReadAllText(Path.Combine(shell, "activate")));
        Assert.Contains(Path.Combine(entry, "bin"), File.ReadAllText(Path.Combine(shell, "activate")));

        var link = Path.Combine(shell, "profile");
        var fake = tmp.Combine("repo", ".evil", EntryName);
        Directory.CreateDirectory(Path.Combine(fake, "bin"));
        foreach (var target in new[] { "../.evil", fake, Path.Combine(store, "not-an-entry"), tmp.Combine("store", "..", "repo", ".evil", EntryName) })
        {
            File.Delete(link);
            File.CreateSymbolicLink(link, target);
            Assert.False(folder.ProfileLeadsInto(store), target);
        }
        File.Delete(link);
        Assert.False(folder.ProfileLeadsInto(store));

        File.WriteAllText(Path.Combine(shell, "env.json"), "{\n  \"generatedBy\": \"Env.Sdk\",\n  \"format\": 1,\n}\n");
        Assert.False(folder.HasCurrentEnvJson());
        File.Delete(Path.Combine(shell, "env.json"));
        Assert.False(folder.HasCurrentEnvJson());
    }
}
