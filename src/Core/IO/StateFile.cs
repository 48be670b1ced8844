using System.Text;
using Env.Core.Nix;

namespace Env.Core.IO;

/// <summary>
/// The one way a state file of ours is read (the run lock, the home journal and generations, env.json, allow records,
/// stamps, cached references, process records): as hostile input. Only a regular file is read, never a link, a fifo,
/// a device or a socket; it is opened without blocking (a fifo swapped in cannot hang the reader), its type checked on
/// the open handle (so what is read is what was checked), and at most <c>maxBytes</c> are read whatever its size says
/// (a link to /dev/zero, a file that grows meanwhile). What is not such a file is a <see cref="StateFileException"/>,
/// which the caller turns into its own coded error naming the file.
/// </summary>
public static class StateFile
{
    /// <summary>The file's bytes, or null when there is nothing at <paramref name="path"/>.</summary>
    /// <exception cref="StateFileException">It is not a regular file, or it has more than <paramref name="maxBytes"/>.</exception>
    /// <exception cref="IOException">It could not be read.</exception>
    /// <exception cref="UnauthorizedAccessException">It may not be read.</exception>
    public static byte[]? TryRead(string path, long maxBytes)
    {
        var handle = UnixFileType.OpenRegular(path, out var length, out _, out var special, noFollow: true);
        if (handle is null)
        {
            if (special is not null) throw NotRegular(path, special);
            // Not Linux, or the open failed: check what the path is before a .NET open that would block on a fifo.
            var info = new FileInfo(path);
            if (info.LinkTarget is not null) throw new StateFileException(path, "it is a symbolic link, not a regular file");
            if (!info.Exists) return Directory.Exists(path) ? throw new StateFileException(path, "it is a folder, not a regular file") : null;
            if (UnixFileType.DescribeSpecial(path) is { } kind) throw NotRegular(path, kind);
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            length = info.Length;
        }
        else if (special is not null)
        {
            handle.Dispose();
            throw NotRegular(path, special);
        }
        using (handle)
        {
            if (length > maxBytes) throw TooBig(path, length, maxBytes);
            // Bounded by what is read, not by what the size said: the file may grow between the stat and the read.
            var buffer = new byte[(int)Math.Min(maxBytes + 1, Math.Max(length, 0) + 4096)];
            var total = 0;
            while (true)
            {
                if (total == buffer.Length)
                {
                    if (total > maxBytes) throw TooBig(path, total, maxBytes);
                    Array.Resize(ref buffer, (int)Math.Min(maxBytes + 1, (long)buffer.Length * 2));
                }
                var read = RandomAccess.Read(handle, buffer.AsSpan(total), total);
                if (read == 0) break;
                total += read;
            }
            if (total > maxBytes) throw TooBig(path, total, maxBytes);
            return total == buffer.Length ? buffer : buffer[..total];
        }
    }

    /// <summary>The file as UTF-8 text (a BOM dropped), or null when there is nothing at <paramref name="path"/>.</summary>
    public static string? TryReadText(string path, long maxBytes) =>
        TryRead(path, maxBytes) is { } bytes ? new UTF8Encoding(false).GetString(bytes.AsSpan().StartsWith("\uFEFF"u8) ? bytes.AsSpan(3) : bytes) : null;

    /// <summary>Whether <paramref name="path"/> is a regular file itself (not a link to one): what may be read as state.</summary>
    public static bool IsRegular(string path)
    {
        if (FileStatus.IsSupported) return FileStatus.Of(path) is { IsRegularFile: true };
        var info = new FileInfo(path);
        return info.Exists && info.LinkTarget is null && UnixFileType.DescribeSpecial(path) is null;
    }

    private static StateFileException NotRegular(string path, string kind) =>
        new(path, kind.StartsWith("not ", StringComparison.Ordinal) ? $"it is {kind}" : $"it is {kind}, not a regular file");

    private static StateFileException TooBig(string path, long size, long maxBytes) =>
        new(path, $"it has more than the {maxBytes} bytes such a file may have{(size > maxBytes ? $" ({size} or more)" : "")}");
}

/// <summary>A state file that is not what one may be: a link, a fifo, a device, a folder, too big. The message says which.</summary>
public sealed class StateFileException(string path, string why) : IOException($"{path} cannot be read: {why}.")
{
    public string FilePath { get; } = path;

    /// <summary>Why, without the path, for a caller's own sentence.</summary>
    public string Why { get; } = why;
}
