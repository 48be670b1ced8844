using Env.Core.Nix;

namespace Env.Core.Tests.Nix;

/// <summary>Compares every format against the real nix-bin on generated trees (see <see cref="RandomTree"/>).</summary>
public class NixOracleTests
{
    public static TheoryData<int> Seeds => [1, 2, 3, 4, 5];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Nar_bytes_equal_nix_store_dump(int seed)
    {
        using var temp = new TempDir();
        using var nix = new NixOracle();
        var root = temp.Combine($"tree-{seed}");
        RandomTree.Create(root, seed);

        Assert.Equal(nix.Dump(root), NarSerializerTests.Serialise(root));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Nar_hash_equals_nix_hash_in_hex_and_base32(int seed)
    {
        using var temp = new TempDir();
        using var nix = new NixOracle();
        var root = temp.Combine($"tree-{seed}");
        RandomTree.Create(root, seed);

        var hash = new ContentHash(HashAlgorithmKind.Sha256, NarHasher.Sha256(root));

        Assert.Equal(nix.HashHex(root), hash.ToHex());
        Assert.Equal(nix.HashNix32(root), hash.ToNix32());
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Fixed_output_path_equals_nix_store_add_fixed_recursive(int seed)
    {
        using var temp = new TempDir();
        using var nix = new NixOracle();
        var name = $"tree-{seed}";
        var root = temp.Combine(name);
        RandomTree.Create(root, seed);

        var expected = nix.AddFixed(root);

        Assert.Equal(expected, "/nix/store/" + FixedOutputPath.ComputeRecursiveSha256(NarHasher.Sha256(root), name));
    }

    [Theory]
    [InlineData("hello\n")]
    [InlineData("")]
    public void Single_files_match_nix_as_nar_hash_and_store_path(string content)
    {
        using var temp = new TempDir();
        using var nix = new NixOracle();
        var file = temp.Combine("file.txt");
        File.WriteAllText(file, content);

        Assert.Equal(nix.Dump(file), NarSerializerTests.Serialise(file));
        Assert.Equal(nix.HashHex(file), Convert.ToHexStringLower(NarHasher.Sha256(file)));
        Assert.Equal(nix.AddFixed(file), "/nix/store/" + FixedOutputPath.ComputeRecursiveSha256(NarHasher.Sha256(file), "file.txt"));
    }

    [Theory]
    [InlineData("sub")]
    [InlineData("../missing")]
    public void A_root_that_is_a_symlink_is_archived_as_the_link_itself(string target)
    {
        using var temp = new TempDir();
        using var nix = new NixOracle();
        Directory.CreateDirectory(temp.Combine("sub"));
        File.WriteAllText(temp.Combine("sub", "f"), "x");
        var link = temp.Combine("link");
        File.CreateSymbolicLink(link, target);

        Assert.Equal(nix.Dump(link), NarSerializerTests.Serialise(link));
        Assert.Equal(nix.HashHex(link), Convert.ToHexStringLower(NarHasher.Sha256(link)));
    }
}
