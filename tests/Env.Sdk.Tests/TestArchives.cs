using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Env.Sdk.Tests;

/// <summary>Small real archives of shell-script "tools", written by the tests.</summary>
public static class TestArchives
{
    /// <summary>A .tar.gz with a single top folder holding bin/&lt;command&gt; that echoes <paramref name="message"/>.</summary>
    public static string TarGzTool(string dir, string fileName, string command, string message, int paddingBytes = 0)
    {
        var path = Path.Combine(dir, fileName);
        Directory.CreateDirectory(dir);
        using var file = File.Create(path);
        using var gz = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gz, TarEntryFormat.Pax);
        var top = Path.GetFileNameWithoutExtension(Path.GetFileNameWithoutExtension(fileName)) + "/";
        tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, top) { Mode = (UnixFileMode)0b111_101_101 });
        tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, top + "bin/") { Mode = (UnixFileMode)0b111_101_101 });
        AddFile(tar, top + "bin/" + command, $"#!/bin/sh\necho \"{message} $*\"\n", executable: true);
        AddFile(tar, top + "README", "a test tool\n", executable: false);
        if (paddingBytes > 0)
        {
            // Incompressible, so the download is really that large.
            var data = RandomNumberGenerator.GetBytes(paddingBytes);
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, top + "share/blob") { DataStream = new MemoryStream(data), Mode = (UnixFileMode)0b110_100_100 });
        }
        return path;
    }

    /// <summary>A .zip whose program sits at the root with no Unix mode recorded.</summary>
    public static string ZipTool(string dir, string fileName, string programPath, string message)
    {
        var path = Path.Combine(dir, fileName);
        Directory.CreateDirectory(dir);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        using (var w = new StreamWriter(zip.CreateEntry(programPath).Open(), new UTF8Encoding(false)))
            w.Write($"#!/bin/sh\necho \"{message} $*\"\n");
        using (var w = new StreamWriter(zip.CreateEntry("LICENSE").Open(), new UTF8Encoding(false)))
            w.Write("MIT\n");
        return path;
    }

    public static string Sri(string file) => "sha256-" + Convert.ToBase64String(SHA256.HashData(File.ReadAllBytes(file)));

    private static void AddFile(TarWriter tar, string name, string content, bool executable)
    {
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
            Mode = executable ? (UnixFileMode)0b111_101_101 : (UnixFileMode)0b110_100_100,
        });
    }
}
