using System.Formats.Tar;
using System.Text;
using Env.Core.Diagnostics;

namespace Env.Core.Image;

/// <summary>
/// One layer's tar, the same bytes for the same tree on any machine: GNU entries in ordinal order (not PAX: .NET names
/// each PAX header <c>PaxHeaders.&lt;pid&gt;</c>, which would differ per process; GNU's long names are fixed), owner 0:0 with no
/// names, <see cref="ImagePaths.FixedTime"/>, and the store's read-only modes (0555 for folders and programs, 0444 for
/// other files), so nothing of the building machine (its clock, user, umask or file system's order) reaches the image.
/// A hard link (an optimised store shares files between entries) is written as the file it is, so a layer does not
/// depend on which entries another layer holds. Parent folders are written once, before what they hold.
/// </summary>
public sealed class LayerTar : IDisposable
{
    private const UnixFileMode ReadOnlyProgram = (UnixFileMode)0b101_101_101;
    private const UnixFileMode ReadOnlyFile = (UnixFileMode)0b100_100_100;
    private const UnixFileMode FolderMode = (UnixFileMode)0b111_101_101;
    private const UnixFileMode LinkMode = (UnixFileMode)0b111_111_111;

    private readonly TarWriter _writer;
    private readonly HashSet<string> _folders = new(StringComparer.Ordinal);

    public LayerTar(Stream output) => _writer = new TarWriter(output, TarEntryFormat.Gnu, leaveOpen: true);

    /// <summary>A folder of the image and the folders above it (0755: the image's own layout, not a store entry).</summary>
    public void Folder(string imagePath) => EnsureFolder(Relative(imagePath), FolderMode);

    public void Text(string imagePath, string text, bool executable)
    {
        var bytes = new UTF8Encoding(false).GetBytes(text);
        WriteFile(Relative(imagePath), new MemoryStream(bytes), executable);
    }

    /// <summary>A file of the building machine (an image blob, for an archive) at <paramref name="imagePath"/>, read-only.</summary>
    public void FileFrom(string imagePath, string source)
    {
        using var stream = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        WriteFile(Relative(imagePath), stream, executable: false);
    }

    public void Link(string imagePath, string target)
    {
        var name = Relative(imagePath);
        EnsureParents(name);
        _writer.WriteEntry(Entry(TarEntryType.SymbolicLink, name, LinkMode, linkName: target));
    }

    /// <summary>
    /// A store entry's tree at <paramref name="imagePath"/>: folders, files and links as the store has them, a link's
    /// target into the building machine's store moved to <see cref="ImagePaths.StoreDir"/>. Anything else (a fifo, a
    /// device) is not a store's and is refused.
    /// </summary>
    public void Tree(string imagePath, string sourceDir, string hostStoreDir, CancellationToken ct = default)
    {
        var root = Relative(imagePath);
        EnsureParents(root);
        WriteFolder(root, ReadOnlyProgram);
        TreeBelow(root, sourceDir, hostStoreDir, ct);
    }

    private void TreeBelow(string name, string dir, string hostStoreDir, CancellationToken ct)
    {
        var children = new DirectoryInfo(dir).EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false })
            .OrderBy(i => i.Name, StringComparer.Ordinal);
        foreach (var info in children)
        {
            ct.ThrowIfCancellationRequested();
            var childName = name + "/" + info.Name;
            if (info.LinkTarget is { } target)
            {
                var inImage = Path.IsPathRooted(target) ? ImagePaths.InImage(target, hostStoreDir) ?? target : target;
                _writer.WriteEntry(Entry(TarEntryType.SymbolicLink, childName, LinkMode, linkName: inImage));
            }
            else if (info is DirectoryInfo)
            {
                WriteFolder(childName, ReadOnlyProgram);
                TreeBelow(childName, info.FullName, hostStoreDir, ct);
            }
            else if ((info.Attributes & (FileAttributes.Device | FileAttributes.ReparsePoint)) == 0 && IsRegular(info.FullName))
            {
                using var stream = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
                var executable = !OperatingSystem.IsWindows() && (File.GetUnixFileMode(info.FullName) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
                WriteFile(childName, stream, executable, already: true);
            }
            else
            {
                throw new EnvException(EnvCode.ENV0980,
                    $"The store entry holds {info.FullName}, which is neither a file, a folder nor a link, so it cannot go into an image. Run 'dotnet env verify --repair' to rebuild the entry.",
                    info.FullName);
            }
        }
    }

    /// <summary>A fifo or socket has no Device attribute in .NET: statx tells (where there is no statx, the attributes have said enough).</summary>
    private static bool IsRegular(string path) => !FileStatus.IsSupported || FileStatus.Of(path) is { IsRegularFile: true };

    private void WriteFile(string name, Stream data, bool executable, bool already = false)
    {
        if (!already) EnsureParents(name);
        var entry = Entry(TarEntryType.RegularFile, name, executable ? ReadOnlyProgram : ReadOnlyFile);
        entry.DataStream = data;
        _writer.WriteEntry(entry);
    }

    private void WriteFolder(string name, UnixFileMode mode)
    {
        if (_folders.Add(name)) _writer.WriteEntry(Entry(TarEntryType.Directory, name + "/", mode));
    }

    private void EnsureFolder(string name, UnixFileMode mode)
    {
        EnsureParents(name);
        WriteFolder(name, mode);
    }

    private void EnsureParents(string name)
    {
        var cut = name.LastIndexOf('/');
        if (cut > 0) EnsureFolder(name[..cut], FolderMode);
    }

    private static GnuTarEntry Entry(TarEntryType type, string name, UnixFileMode mode, string? linkName = null)
    {
        var entry = new GnuTarEntry(type, name)
        {
            ModificationTime = ImagePaths.FixedTime, AccessTime = ImagePaths.FixedTime, ChangeTime = ImagePaths.FixedTime,
            Mode = mode, Uid = 0, Gid = 0, UserName = "", GroupName = "",
        };
        if (linkName is not null) entry.LinkName = linkName;
        return entry;
    }

    /// <summary>An image path as a layer names it: no leading slash.</summary>
    private static string Relative(string imagePath) => imagePath.TrimStart('/');

    public void Dispose() => _writer.Dispose();
}
