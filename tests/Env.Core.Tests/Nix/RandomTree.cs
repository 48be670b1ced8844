namespace Env.Core.Tests.Nix;

/// <summary>
/// Builds a reproducible tree (per seed) that exercises every NAR feature: nested and empty directories,
/// edge-size files around the 8-byte padding, executables, relative, absolute and dangling symlinks,
/// a link to a directory, dotfiles, and names whose UTF-8 and UTF-16 orders differ.
/// </summary>
internal static class RandomTree
{
    private static readonly int[] Sizes = [0, 1, 7, 8, 9, 65537];

    // "\uFB01" (ﬁ, BMP above the surrogates) sorts after "\U0001F600" in UTF-16 but before it in UTF-8.
    private static readonly string[] Names =
    [
        "a", "B", "a.b", "a-b", "_x", "with space", "caf\u00e9", "\uFB01le", "\U0001F600smile", ".hidden", "z", "10", "9",
    ];

    public static void Create(string root, int seed)
    {
        var random = new Random(seed);
        Directory.CreateDirectory(root);

        // Fixed part: every feature at least once, whatever the seed.
        foreach (var size in Sizes) WriteFile(Path.Combine(root, $"size-{size}"), size, random);
        WriteFile(Path.Combine(root, "run.sh"), 9, random);
        File.SetUnixFileMode(Path.Combine(root, "run.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        WriteFile(Path.Combine(root, "group-exec-only"), 3, random);
        File.SetUnixFileMode(Path.Combine(root, "group-exec-only"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        Directory.CreateDirectory(Path.Combine(root, "empty-dir"));
        Directory.CreateDirectory(Path.Combine(root, "sub", "deeper", "deepest"));
        WriteFile(Path.Combine(root, "sub", "deeper", "deepest", "leaf"), 8, random);
        File.CreateSymbolicLink(Path.Combine(root, "link-relative"), "sub/deeper/deepest/leaf");
        File.CreateSymbolicLink(Path.Combine(root, "link-dangling"), "../does/not/exist");
        File.CreateSymbolicLink(Path.Combine(root, "link-absolute"), "/etc/hostname");
        Directory.CreateSymbolicLink(Path.Combine(root, "link-to-dir"), "sub");

        // Random part: a few levels of the awkward names with random kinds.
        Populate(root, depth: 0, random);
    }

    private static void Populate(string dir, int depth, Random random)
    {
        foreach (var name in Names)
        {
            var path = Path.Combine(dir, name);
            if (Path.Exists(path) || random.Next(3) == 0) continue;
            switch (random.Next(depth < 3 ? 5 : 3))
            {
                case 0:
                    WriteFile(path, Sizes[random.Next(Sizes.Length)], random);
                    break;
                case 1:
                    WriteFile(path, random.Next(0, 100), random);
                    if (random.Next(2) == 0) File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
                    break;
                case 2:
                    File.CreateSymbolicLink(path, random.Next(2) == 0 ? Names[random.Next(Names.Length)] : $"../{name}/gone");
                    break;
                default:
                    Directory.CreateDirectory(path);
                    Populate(path, depth + 1, random);
                    break;
            }
        }
    }

    private static void WriteFile(string path, int size, Random random)
    {
        var bytes = new byte[size];
        random.NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
    }
}
