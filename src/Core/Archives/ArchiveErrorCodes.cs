namespace Env.Core.Archives;

/// <summary>The stable codes of every extraction failure (documented in docs/errors.md).</summary>
public static class ArchiveErrorCodes
{
    /// <summary>The destination folder already exists or its parent does not.</summary>
    public const string BadDestination = "ENV0200";
    /// <summary>An entry name is absolute, climbs with "..", uses backslashes or a drive, is empty or reserved.</summary>
    public const string UnsafePath = "ENV0201";
    /// <summary>A symlink or hard link points outside the root (or nowhere safe), or an entry is written through a symlink.</summary>
    public const string LinkEscape = "ENV0202";
    /// <summary>A device, FIFO, socket or unknown entry type.</summary>
    public const string SpecialEntry = "ENV0203";
    /// <summary>Two entries with the same name, or names equal ignoring case or Unicode normalisation.</summary>
    public const string DuplicateEntry = "ENV0204";
    /// <summary>The unpacked content would exceed the size limit.</summary>
    public const string SizeLimit = "ENV0205";
    /// <summary>The archive is truncated, corrupt, or its headers lie about sizes.</summary>
    public const string Corrupt = "ENV0206";
    /// <summary>The archive format or an entry's compression/encryption is not supported.</summary>
    public const string Unsupported = "ENV0207";
    /// <summary>The archive has more entries than the limit.</summary>
    public const string TooManyEntries = "ENV0208";
    /// <summary>Reading the archive file or writing the unpacked files failed (missing file, disk full, permissions).</summary>
    public const string IoFailure = "ENV0209";
    /// <summary>Resolving the archive's symlinks takes too much work: one link needs more than 40 follows, or all of them more than the archive's budget.</summary>
    public const string LinkWork = "ENV0210";
    /// <summary>An entry name (or hard link target) is longer than a path may be: over 4095 UTF-8 bytes, or a component over 255.</summary>
    public const string NameTooLong = "ENV0211";
    /// <summary>A tar metadata header (GNU long name or long link, pax extended or global header) is larger than its bound.</summary>
    public const string HeaderTooLarge = "ENV0212";
    /// <summary>The names the archive makes us record (paths, link targets) add up to more than the budget.</summary>
    public const string NamesTooLarge = "ENV0213";
    /// <summary>A zip's central directory (its list of entries) is larger than the bound.</summary>
    public const string DirectoryTooLarge = "ENV0214";
}
