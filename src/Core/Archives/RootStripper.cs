namespace Env.Core.Archives;

/// <summary>
/// Moves the unpacked tree from the private staging folder into the destination, making a single top-level
/// directory the root when asked (nixpkgs fetchzip / fetchTarball semantics: exactly one entry, and a real directory).
/// </summary>
/// <remarks>
/// Entries are unpacked into <c>destination/.envsdk-unpack</c> rather than straight into the destination because
/// lifting <c>pkg/</c>'s contents into a folder that still holds <c>pkg</c> would collide when <c>pkg</c> contains a
/// <c>pkg</c> of its own. Instead the single directory is first renamed to the reserved <c>destination/.envsdk-strip</c>,
/// the staging folder (now empty) is removed, and the children move up one by one. Archive entries can never be named
/// <c>.envsdk-*</c>, so no child can clash with either scratch folder. Every move is a rename on one file system.
/// </remarks>
internal static class RootStripper
{
    public const string StagingName = ".envsdk-unpack";
    private const string LiftName = ".envsdk-strip";

    public static bool Finish(string destination, string staging, ExtractionTree tree, bool stripRoot)
    {
        var top = tree.Children().ToList();
        string? single = stripRoot && top.Count == 1 && top[0].IsDirectory ? top[0].Name : null;

        var source = staging;
        string? under = null;
        if (single is not null)
        {
            // A link that stays inside the archive may still climb out once its top directory is gone (a -> ../pkg/b).
            tree.VerifySymlinks(newRoot: single);
            source = Path.Combine(destination, LiftName);
            Directory.Move(Path.Combine(staging, single), source);
            Directory.Delete(staging);
            under = single;
        }

        foreach (var (name, isDirectory, linkTarget) in tree.Children(under))
        {
            var from = Path.Combine(source, name);
            var to = Path.Combine(destination, name);
            if (linkTarget is not null)
            {
                // Moving a symlink by re-creating it avoids File.Move's checks on what the link points to.
                File.CreateSymbolicLink(to, linkTarget);
                File.Delete(from);
            }
            else if (isDirectory)
            {
                Directory.Move(from, to);
            }
            else
            {
                File.Move(from, to);
            }
        }
        Directory.Delete(source);
        return single is not null;
    }
}
