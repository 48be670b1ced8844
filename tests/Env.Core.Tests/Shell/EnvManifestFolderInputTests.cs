using Env.Core.Shell;

namespace Env.Core.Tests.Shell;

/// <summary>A home env's source folder in env.json: a file added to or removed from it makes the env stale, without MSBuild.</summary>
public sealed class EnvManifestFolderInputTests
{
    [Fact]
    public void A_folder_input_is_its_listing_and_is_stale_when_a_file_comes_or_goes_but_not_when_its_time_alone_changes()
    {
        using var tmp = new TempDir();
        var dotfiles = Directory.CreateDirectory(tmp.Combine("dotfiles")).FullName;
        File.WriteAllText(Path.Combine(dotfiles, "a"), "a");
        var manifest = Manifest(tmp, dotfiles + "/");
        var input = Assert.Single(manifest.Inputs);
        Assert.Equal(dotfiles + "/", input.Path);
        Assert.Null(manifest.Staleness());

        // An editor's swap file, come and gone: the folder's time changed, its listing did not.
        File.WriteAllText(Path.Combine(dotfiles, ".a.swp"), "");
        File.Delete(Path.Combine(dotfiles, ".a.swp"));
        Directory.SetLastWriteTimeUtc(dotfiles, DateTime.UtcNow.AddMinutes(1));
        Assert.Null(manifest.Staleness());

        var added = Path.Combine(dotfiles, "b");
        File.WriteAllText(added, "b");
        File.SetLastWriteTimeUtc(added, new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal("files were added to or removed from dotfiles/", manifest.Staleness());
        File.Delete(added);
        Assert.Null(manifest.Staleness());
        Directory.Delete(dotfiles, recursive: true);
        Assert.Equal("dotfiles/ was removed", manifest.Staleness());

        // Written and read back as env.json is.
        Directory.CreateDirectory(dotfiles);
        var json = Manifest(tmp, dotfiles + "/").ToJson();
        Assert.Equal(dotfiles + "/", Assert.Single(EnvManifest.Parse(System.Text.Encoding.UTF8.GetBytes(json), "env.json").Inputs).Path);
    }

    private static EnvManifest Manifest(TempDir tmp, string folder) => new()
    {
        Activation = new ShellActivation(tmp.Combine("env.proj"), [], []),
        Name = "home",
        Profile = "",
        Tools = [],
        Inputs = EnvManifest.Snapshot([folder]),
    };
}
