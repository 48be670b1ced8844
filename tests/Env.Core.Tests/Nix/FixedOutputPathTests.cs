using Env.Core.Nix;

namespace Env.Core.Tests.Nix;

public class FixedOutputPathTests
{
    [Theory]
    [InlineData("hello\n", "hello.txt", "i9pmrzmpshapij2kin22pff6fc2adavx-hello.txt")]
    [InlineData("mycontent\n", "myfile", "xv2iccirbrvklck36f1g7vldn5v58vck-myfile")]
    public void Matches_nix_print_fixed_path_vectors_for_a_single_file(string content, string name, string expected)
    {
        using var temp = new TempDir();
        var file = temp.Combine(name);
        File.WriteAllText(file, content);

        Assert.Equal(expected, FixedOutputPath.ComputeRecursiveSha256(NarHasher.Sha256(file), name));
    }

    [Fact]
    public void Uses_the_nar_hash_not_the_file_hash()
    {
        // The spec's vector: NAR sha256 of a file holding "hello\n".
        var narHash = NixBase32.Decode("04zwf782yjwnh3q6hz5izfd6jyip8kgw6g6yj43fiqhbyhdd0dqw");

        Assert.Equal("i9pmrzmpshapij2kin22pff6fc2adavx-hello.txt", FixedOutputPath.ComputeRecursiveSha256(narHash, "hello.txt"));
    }

    [Fact]
    public void Folds_the_fingerprint_hash_by_xor_rather_than_truncating()
    {
        var hash = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

        var folded = FixedOutputPath.CompressHash(hash, 20);

        Assert.Equal((byte)(1 ^ 21), folded[0]);
        Assert.Equal((byte)(12 ^ 32), folded[11]);
        Assert.Equal((byte)13, folded[12]);
    }

    [Theory]
    [InlineData(".hidden")]
    [InlineData("with space")]
    [InlineData("")]
    public void Rejects_a_name_nix_would_reject(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => FixedOutputPath.ComputeRecursiveSha256(new byte[32], name));
        Assert.Contains("Sanitize", error.Message);
    }

    [Fact]
    public void Rejects_a_hash_that_is_not_sha256()
    {
        Assert.Throws<ArgumentException>(() => FixedOutputPath.ComputeRecursiveSha256(new byte[20], "name"));
    }

    [Fact]
    public void Matches_nix_store_print_fixed_path_for_random_hashes()
    {
        using var nix = new NixOracle();
        var random = new Random(11);
        foreach (var name in new[] { "source", "a", "pkg-1.0+x_y?z=w", new string('n', 211) })
        {
            var hash = new byte[32];
            random.NextBytes(hash);
            var expected = nix.PrintFixedPath(NixBase32.Encode(hash), name);
            Assert.Equal(expected, "/nix/store/" + FixedOutputPath.ComputeRecursiveSha256(hash, name));
        }
    }
}
