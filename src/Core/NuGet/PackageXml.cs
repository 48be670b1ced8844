using System.IO.Compression;
using System.Xml;
using System.Xml.Linq;
using Env.Core.Diagnostics;

namespace Env.Core.NuGet;

/// <summary>
/// The one way an XML file from a package (its .nuspec, its DotnetToolSettings.xml) is read: at most
/// <see cref="MaxBytes"/>, without a DTD, comments and processing instructions dropped. Loaded whole, a 1.2 MB .nupkg
/// whose settings file held a 1.2e9-character comment took 15 GB; a DTD's internal entities multiply text further.
/// </summary>
internal static class PackageXml
{
    /// <summary>1 MiB: real nuspecs and tool settings are a few KB (a long description, many dependency groups).</summary>
    public const int MaxBytes = 1 << 20;

    /// <summary>Loads <paramref name="file"/> (ENV0412 when larger than the bound; XmlException when not XML or with a DTD).</summary>
    public static XDocument Load(string file, string what)
    {
        var length = new FileInfo(file).Length;
        if (length > MaxBytes) throw TooLarge(file, what, length);
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.SequentialScan);
        return Load(stream);
    }

    /// <summary>Loads a stream; <see cref="XmlReaderSettings.MaxCharactersInDocument"/> bounds it whatever it holds.</summary>
    public static XDocument Load(Stream stream)
    {
        var settings = HostileXml.Settings(MaxBytes);
        using var reader = XmlReader.Create(stream, settings);
        return XDocument.Load(reader);
    }

    /// <summary>
    /// Refuses a .nupkg whose root .nuspec (what NuGet reads whole to learn the package's identity) is larger than
    /// the bound, counting the bytes it really inflates to, not the size its zip header claims.
    /// </summary>
    public static void CheckNuspecIn(string nupkg, string what)
    {
        using var zip = Archives.ZipDirectoryGuard.OpenRead(nupkg, what);
        foreach (var entry in zip.Entries.Where(e => !e.FullName.Contains('/') && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase)))
        {
            if (entry.Length > MaxBytes) throw TooLarge(nupkg + "!/" + entry.FullName, what, entry.Length);
            using var content = entry.Open();
            var buffer = new byte[1 << 16];
            long total = 0;
            int n;
            while ((n = content.Read(buffer)) > 0)
            {
                total += n;
                if (total > MaxBytes) throw TooLarge(nupkg + "!/" + entry.FullName, what, total);
            }
        }
    }

    /// <summary>The id the unpacked package's .nuspec gives, or null without one (ENV0412 too large, ENV0413 not XML).</summary>
    public static string? NuspecId(string packageRoot, string what)
    {
        var nuspec = Directory.EnumerateFiles(packageRoot, "*.nuspec").FirstOrDefault();
        if (nuspec is null) return null;
        try
        {
            return new global::NuGet.Packaging.NuspecReader(Load(nuspec, what)).GetId();
        }
        catch (XmlException e)
        {
            throw new EnvException(EnvCode.ENV0413,
                $"{what}: its .nuspec is not valid XML, or has a DTD, which is refused ({PrintableText.Name(e.Message)}). The package is broken or hostile; nothing was installed. Pick another version or report it to its authors.",
                nuspec, e);
        }
    }

    public static EnvException TooLarge(string file, string what, long length) =>
        new(EnvCode.ENV0412,
            $"{what}: '{PrintableText.Name(Path.GetFileName(file))}' is larger than {MaxBytes} bytes ({length} bytes at least); " +
            "a package's XML files are read only up to that size. The package is broken or hostile; nothing was installed. Pick another version or report it to its authors.",
            file);
}
