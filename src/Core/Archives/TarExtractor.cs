using Env.Core.IO;
using System.Formats.Tar;

namespace Env.Core.Archives;

/// <summary>
/// Reads tar entries one by one (never TarFile.ExtractToDirectory, which creates devices and trusts the destination)
/// and hands each to the <see cref="ExtractionTree"/>. Pax, GNU long-name and long-link headers are folded into the
/// following entry by TarReader.
/// </summary>
internal static class TarExtractor
{
    public static void Extract(Stream tarStream, ExtractionTree tree, ArchiveErrors errors)
    {
        using var reader = new TarReader(tarStream, leaveOpen: true);
        string? previous = null;
        while (Next(reader, previous, errors) is { } entry)
        {
            previous = entry.Name;
            tree.CountEntry();
            var name = entry.Name;
            // GNU tar writes a sparse file in pax format (sparse 0.0, 0.1 and 1.0) as a regular entry named
            // GNUSparseFile.N/… whose data is the sparse map and the non-hole chunks; TarReader hands it over as a
            // plain file, which would land as garbage under the wrong name. Refused like the old GNU sparse type.
            if (entry is PaxTarEntry pax && pax.ExtendedAttributes.Keys.Any(k => k.StartsWith("GNU.sparse.", StringComparison.Ordinal)))
                throw errors.SpecialEntry(name, "GNU sparse file (pax format), which the store cannot reproduce faithfully");
            switch (entry.EntryType)
            {
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    tree.AddFile(name, EntryPathPolicy.Parse(name, isDirectory: false, errors), entry.DataStream,
                        entry.Length, FileModes.IsExecutable((int)entry.Mode));
                    break;
                case TarEntryType.Directory:
                    tree.AddDirectory(name, EntryPathPolicy.Parse(name, isDirectory: true, errors));
                    break;
                case TarEntryType.SymbolicLink:
                    tree.AddSymlink(name, EntryPathPolicy.Parse(name, isDirectory: false, errors), entry.LinkName);
                    break;
                case TarEntryType.HardLink:
                    tree.AddHardLink(name, EntryPathPolicy.Parse(name, isDirectory: false, errors), entry.LinkName);
                    break;
                case TarEntryType.GlobalExtendedAttributes:
                    // Metadata for the entries that follow (TarReader applies none of it to paths); nothing to write.
                    break;
                case TarEntryType.CharacterDevice:
                    throw errors.SpecialEntry(name, "character device");
                case TarEntryType.BlockDevice:
                    throw errors.SpecialEntry(name, "block device");
                case TarEntryType.Fifo:
                    throw errors.SpecialEntry(name, "FIFO");
                default:
                    // Sparse, multi-volume, tape-volume and unknown types: we cannot reproduce them faithfully.
                    throw errors.SpecialEntry(name, $"tar entry of type '{(char)entry.EntryType}'");
            }
        }
    }

    private static TarEntry? Next(TarReader reader, string? previous, ArchiveErrors errors)
    {
        try
        {
            return reader.GetNextEntry(copyData: false);
        }
        catch (NotSupportedException ex)
        {
            // TarReader refuses some types (GNU sparse) before we see the entry, so we can only name its neighbour.
            throw errors.SpecialEntry(previous is null ? "(first entry)" : $"(the one after '{previous}')", $"tar entry of an unsupported type: {ex.Message}");
        }
    }
}
