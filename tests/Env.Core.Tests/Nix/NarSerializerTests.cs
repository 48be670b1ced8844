using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using Env.Core.Diagnostics;
using Env.Core.Nix;

namespace Env.Core.Tests.Nix;

public class NarSerializerTests
{
    // nix-store --dump of a file containing "hello\n" (NIX-FORMATS.md): 120 bytes.
    private const string HelloNarHex =
        "0d00000000000000" + "6e69782d61726368" + "6976652d31000000" // "nix-archive-1"
        + "0100000000000000" + "2800000000000000" // "("
        + "0400000000000000" + "7479706500000000" // "type"
        + "0700000000000000" + "726567756c617200" // "regular"
        + "0800000000000000" + "636f6e74656e7473" // "contents"
        + "0600000000000000" + "68656c6c6f0a0000" // 6, "hello\n", 2 bytes padding
        + "0100000000000000" + "2900000000000000"; // ")"

    [Fact]
    public void Serialises_a_file_holding_hello_to_the_120_byte_nar_nix_produces()
    {
        using var temp = new TempDir();
        var file = temp.Combine("hello.txt");
        File.WriteAllText(file, "hello\n");

        var nar = Serialise(file);

        Assert.Equal(120, nar.Length);
        Assert.Equal(HelloNarHex, Convert.ToHexStringLower(nar));
    }

    [Fact]
    public void Marks_a_file_executable_only_when_the_owner_execute_bit_is_set()
    {
        using var temp = new TempDir();
        var owner = temp.Combine("owner");
        var others = temp.Combine("others");
        File.WriteAllText(owner, "x");
        File.WriteAllText(others, "x");
        File.SetUnixFileMode(owner, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        File.SetUnixFileMode(others, UnixFileMode.UserRead | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);

        Assert.Contains("executable", Strings(Serialise(owner)));
        Assert.DoesNotContain("executable", Strings(Serialise(others)));
    }

    [Fact]
    public void Records_a_symlink_target_without_following_it()
    {
        using var temp = new TempDir();
        Directory.CreateDirectory(temp.Combine("dir"));
        File.CreateSymbolicLink(temp.Combine("dir", "link"), "../nowhere");

        var strings = Strings(Serialise(temp.Combine("dir")));

        Assert.Equal(["nix-archive-1", "(", "type", "directory", "entry", "(", "name", "link", "node", "(", "type", "symlink", "target", "../nowhere", ")", ")", ")"], strings);
    }

    [Fact]
    public void Orders_directory_entries_by_utf8_bytes_and_includes_dotfiles()
    {
        using var temp = new TempDir();
        var dir = temp.Combine("dir");
        Directory.CreateDirectory(dir);
        // UTF-16 ordinal order would put the emoji (a surrogate pair) before U+FB01; UTF-8 puts it after.
        string[] names = ["b", "\U0001F600", "\uFB01", "B", ".hidden", "a b"];
        foreach (var name in names) File.WriteAllText(Path.Combine(dir, name), "");

        var strings = Strings(Serialise(dir));
        var listed = strings.Where((_, i) => i > 0 && strings[i - 1] == "name").ToArray();

        Assert.Equal([".hidden", "B", "a b", "b", "\uFB01", "\U0001F600"], listed);
    }

    [Fact]
    public void Rejects_a_fifo_with_ENV0301()
    {
        using var temp = new TempDir();
        Directory.CreateDirectory(temp.Combine("dir"));
        var fifo = temp.Combine("dir", "pipe");
        using (var mkfifo = Process.Start("mkfifo", [fifo])) mkfifo.WaitForExit();
        Assert.True(File.Exists(fifo));

        var error = Assert.Throws<EnvException>(() => Serialise(temp.Combine("dir")));

        Assert.Equal(EnvCode.ENV0301, error.Code);
        Assert.Equal(fifo, error.File);
        Assert.Contains("fifo", error.Message);
    }

    [Fact]
    public void Rejects_a_unix_socket_with_ENV0301()
    {
        using var temp = new TempDir();
        var path = temp.Combine("sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));

        var error = Assert.Throws<EnvException>(() => Serialise(path));

        Assert.Equal(EnvCode.ENV0301, error.Code);
        Assert.Contains("socket", error.Message);
    }

    [Fact]
    public void Rejects_a_character_device_with_ENV0301()
    {
        var error = Assert.Throws<EnvException>(() => Serialise("/dev/null"));

        Assert.Equal(EnvCode.ENV0301, error.Code);
        Assert.Contains("character device", error.Message);
    }

    [Fact]
    public void Reports_a_missing_path()
    {
        using var temp = new TempDir();

        Assert.Throws<FileNotFoundException>(() => Serialise(temp.Combine("missing")));
    }

    [Fact]
    public void Hasher_gives_the_sha256_of_the_serialised_nar()
    {
        using var temp = new TempDir();
        var root = temp.Combine("tree");
        RandomTree.Create(root, seed: 3);

        Assert.Equal(SHA256.HashData(Serialise(root)), NarHasher.Sha256(root));
    }

    [Fact]
    public void Hasher_handles_files_larger_than_its_copy_buffer()
    {
        using var temp = new TempDir();
        var file = temp.Combine("big");
        var bytes = new byte[(3 << 20) + 5];
        new Random(1).NextBytes(bytes);
        File.WriteAllBytes(file, bytes);

        var nar = Serialise(file);

        Assert.Equal(bytes, nar.AsSpan(nar.Length - 16 - 3 - bytes.Length, bytes.Length).ToArray());
        Assert.Equal(SHA256.HashData(nar), NarHasher.Sha256(file));
    }

    internal static byte[] Serialise(string path)
    {
        using var output = new MemoryStream();
        NarSerializer.Write(path, output);
        return output.ToArray();
    }

    /// <summary>Splits a NAR into its strings (file contents included), to assert on structure.</summary>
    private static List<string> Strings(byte[] nar)
    {
        var result = new List<string>();
        var offset = 0;
        while (offset < nar.Length)
        {
            var length = (int)BitConverter.ToUInt64(nar, offset);
            offset += 8;
            result.Add(System.Text.Encoding.UTF8.GetString(nar, offset, length));
            offset += (length + 7) / 8 * 8;
        }

        return result;
    }
}
