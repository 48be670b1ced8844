using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using Env.Core.Archives;
using Env.Core.Diagnostics;
using SharpCompress.Compressors.BZip2;
using SharpCompressMode = SharpCompress.Compressors.CompressionMode;
using ZstdCompressionStream = SharpCompress.Compressors.ZStandard.CompressionStream;

namespace Env.Core.Tests.Archives;

/// <summary>Builds tar archives entry by entry, including entries no sane tool would write.</summary>
internal sealed class TarBuilder : IDisposable
{
    private readonly MemoryStream _stream = new();
    private readonly TarWriter _writer;
    private readonly TarEntryFormat _format;

    public TarBuilder(TarEntryFormat format = TarEntryFormat.Pax)
    {
        _format = format;
        _writer = new TarWriter(_stream, format, leaveOpen: true);
    }

    public const UnixFileMode Mode644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    public const UnixFileMode Mode755 = Mode644 | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private TarEntry New(TarEntryType type, string name) => _format switch
    {
        TarEntryFormat.Ustar => new UstarTarEntry(type, name),
        TarEntryFormat.Gnu => new GnuTarEntry(type, name),
        _ => new PaxTarEntry(type, name),
    };

    public TarBuilder File(string name, string content = "x", UnixFileMode mode = Mode644)
    {
        var entry = New(TarEntryType.RegularFile, name);
        entry.Mode = mode;
        entry.DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        _writer.WriteEntry(entry);
        return this;
    }

    public TarBuilder Dir(string name, UnixFileMode mode = Mode755)
    {
        var entry = New(TarEntryType.Directory, name);
        entry.Mode = mode;
        _writer.WriteEntry(entry);
        return this;
    }

    public TarBuilder Symlink(string name, string target)
    {
        var entry = New(TarEntryType.SymbolicLink, name);
        entry.LinkName = target;
        _writer.WriteEntry(entry);
        return this;
    }

    public TarBuilder HardLink(string name, string target)
    {
        var entry = New(TarEntryType.HardLink, name);
        entry.LinkName = target;
        _writer.WriteEntry(entry);
        return this;
    }

    public TarBuilder Special(TarEntryType type, string name)
    {
        _writer.WriteEntry(New(type, name));
        return this;
    }

    public byte[] Bytes()
    {
        _writer.Dispose();
        return _stream.ToArray();
    }

    public string Save(TempDir dir, ArchiveFormat format = ArchiveFormat.Tar, string fileName = "hostile.tar") =>
        ArchiveFiles.Save(dir, Compress(Bytes(), format, dir), fileName);

    public void Dispose() => _writer.Dispose();

    /// <summary>Wraps a raw tar in the outer compression of <paramref name="format"/>.</summary>
    public static byte[] Compress(byte[] tar, ArchiveFormat format, TempDir scratch)
    {
        var output = new MemoryStream();
        switch (format)
        {
            case ArchiveFormat.Tar:
                return tar;
            case ArchiveFormat.TarGzip:
                using (var gz = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(tar);
                return output.ToArray();
            case ArchiveFormat.TarBzip2:
                using (var bz = BZip2Stream.Create(output, SharpCompressMode.Compress, false, true, false)) bz.Write(tar);
                return output.ToArray();
            case ArchiveFormat.TarZstd:
                using (var zs = new ZstdCompressionStream(output, leaveOpen: true)) zs.Write(tar);
                return output.ToArray();
            case ArchiveFormat.TarXz:
                // SharpCompress cannot write xz; the system tool can.
                var path = scratch.Combine("for-xz.tar");
                System.IO.File.WriteAllBytes(path, tar);
                var xz = Process.Start(new ProcessStartInfo("xz", ["-z", "-f", "-0", path]) { RedirectStandardError = true })!;
                xz.WaitForExit();
                Assert.Equal(0, xz.ExitCode);
                var bytes = System.IO.File.ReadAllBytes(path + ".xz");
                System.IO.File.Delete(path + ".xz");
                return bytes;
            default:
                throw new ArgumentOutOfRangeException(nameof(format));
        }
    }

    /// <summary>Rewrites one ustar header field in place and fixes the header checksum, for entries TarWriter refuses to write.</summary>
    public static void Patch(byte[] tar, int headerOffset, int fieldOffset, byte[] value, int fieldLength)
    {
        Array.Clear(tar, headerOffset + fieldOffset, fieldLength);
        value.CopyTo(tar, headerOffset + fieldOffset);
        // The checksum is the byte sum of the header with the checksum field read as spaces.
        for (var i = 148; i < 156; i++) tar[headerOffset + i] = (byte)' ';
        var sum = 0;
        for (var i = 0; i < 512; i++) sum += tar[headerOffset + i];
        var text = Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ");
        text.CopyTo(tar, headerOffset + 148);
    }
}

/// <summary>Builds zip archives with chosen Unix modes and file types.</summary>
internal sealed class ZipBuilder
{
    private readonly MemoryStream _stream = new();
    private readonly ZipArchive _zip;

    public ZipBuilder() => _zip = new ZipArchive(_stream, ZipArchiveMode.Create, leaveOpen: true);

    public ZipBuilder File(string name, string content = "x", int? unixMode = null, CompressionLevel level = CompressionLevel.Optimal)
    {
        var entry = _zip.CreateEntry(name, level);
        if (unixMode is { } mode) entry.ExternalAttributes = mode << 16;
        using var s = entry.Open();
        s.Write(Encoding.UTF8.GetBytes(content));
        return this;
    }

    public ZipBuilder Dir(string name)
    {
        _zip.CreateEntry(name.EndsWith('/') ? name : name + "/");
        return this;
    }

    public ZipBuilder Symlink(string name, string target) => File(name, target, 0xA000 | 0x1FF);

    public byte[] Bytes()
    {
        _zip.Dispose();
        return _stream.ToArray();
    }

    public string Save(TempDir dir, string fileName = "hostile.zip") => ArchiveFiles.Save(dir, Bytes(), fileName);
}

internal static class ArchiveFiles
{
    public static string Save(TempDir dir, byte[] bytes, string fileName)
    {
        var path = dir.Combine(fileName);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    public static ExtractionResult Extract(string archive, ArchiveFormat format, string destination, bool stripRoot = false,
        long maxBytes = 1 << 20, int maxEntries = ArchiveExtractor.DefaultMaxEntries) =>
        ArchiveExtractor.Extract(archive, format, destination,
            new ExtractionOptions(Path.GetFileName(archive), maxBytes, stripRoot), maxEntries);

    /// <summary>Extracting must fail with <paramref name="code"/>, name the archive, and leave no destination behind.</summary>
    public static EnvException AssertRefused(EnvCode code, string archive, ArchiveFormat format, TempDir dir,
        bool stripRoot = false, long maxBytes = 1 << 20, int maxEntries = ArchiveExtractor.DefaultMaxEntries)
    {
        var destination = dir.Combine("out");
        var ex = Assert.Throws<EnvException>(() => Extract(archive, format, destination, stripRoot, maxBytes, maxEntries));
        Assert.True(code == ex.Code, $"expected {code} but got {ex.Code}: {ex.Message}");
        Assert.False(Path.Exists(destination), "the destination must not survive a refused archive");
        Assert.Contains(Path.GetFileName(archive), ex.Message);
        Assert.Equal(archive, ex.File);
        return ex;
    }

    public static UnixFileMode Mode(string path) => System.IO.File.GetUnixFileMode(path);
}
