using Env.Core.Diagnostics;

namespace Env.Core.Archives;

/// <summary>
/// Builds the errors of one extraction, so every message names the archive (as the user knows it) and the entry,
/// and says what to do. The archive's local path goes in <see cref="EnvException.File"/>.
/// </summary>
internal sealed class ArchiveErrors(string displayName, string archivePath)
{
    public string DisplayName { get; } = displayName;

    private EnvException Make(EnvCode code, string what, string todo, Exception? inner = null) =>
        new(code, $"Archive '{DisplayName}': {what}. {todo}", archivePath, inner);

    private const string Refused = "The archive was refused and nothing was unpacked; check that the URL and hash name the archive you meant, or repack it without this entry.";

    /// <summary>An entry name as a message shows it: bounded, control and invisible characters escaped.</summary>
    public static string Quote(string? entry) => PrintableText.Name(entry);

    public EnvException UnsafePath(string entry, string why) =>
        Make(EnvCode.ENV0201, $"entry '{Quote(entry)}' has an unsafe name ({why})", Refused);

    public EnvException NameTooLong(string entry, string why) =>
        Make(EnvCode.ENV0211, $"entry '{Quote(entry)}' has a name too long for any file system ({why})", Refused);

    public EnvException HeaderTooLarge(string entry, string header, long size, long limit) =>
        Make(EnvCode.ENV0212,
            $"the {header} before entry '{Quote(entry)}' is {size} bytes, more than the {limit} bytes allowed",
            "Real archives keep these headers small; a huge one is how a small archive exhausts memory. " + Refused);

    public EnvException NamesTooLarge(string entry, long limit) =>
        Make(EnvCode.ENV0213,
            $"its entry names and link targets add up to more than {limit} characters (at entry '{Quote(entry)}')",
            "Real archives stay far below this; the archive is hostile or not meant for unpacking. Nothing was unpacked.");

    public EnvException DirectoryTooLarge(string why) =>
        Make(EnvCode.ENV0214, $"its list of entries (the zip central directory) {why}",
            "Real archives stay far below this; the archive is hostile or not meant for unpacking. Nothing was unpacked.");

    public EnvException LinkEscape(string entry, string why) =>
        Make(EnvCode.ENV0202, $"entry '{Quote(entry)}' {why}", Refused);

    public EnvException LinkWork(string entry, string why) =>
        Make(EnvCode.ENV0210, $"entry '{Quote(entry)}' {why}",
            "Links that name each other over and over are how an archive makes an unpacker work for ever; the archive was refused and nothing was unpacked. Check its source.");

    public EnvException SpecialEntry(string entry, string type) =>
        Make(EnvCode.ENV0203, $"entry '{Quote(entry)}' is a {type}, which the store does not hold (only files, directories and links)", Refused);

    public EnvException Duplicate(string entry, string why) =>
        Make(EnvCode.ENV0204, $"entry '{Quote(entry)}' {why}", Refused);

    public EnvException SizeLimit(string? entry, long limit) =>
        Make(EnvCode.ENV0205,
            $"unpacking{(entry is null ? "" : $" (at entry '{Quote(entry)}')")} exceeds the limit of {limit} bytes",
            "If the archive is genuinely this large, raise the unpacked-size limit; otherwise it may be a decompression bomb.");

    public EnvException Corrupt(string? entry, string why, Exception? inner = null) =>
        Make(EnvCode.ENV0206,
            $"the archive is corrupt or truncated{(entry is null ? "" : $" at entry '{Quote(entry)}'")} ({PrintableText.Name(why)})",
            "Delete the download and fetch it again; if it persists, the hash may name a different file.", inner);

    public EnvException Unsupported(string? entry, string why, Exception? inner = null) =>
        Make(EnvCode.ENV0207,
            $"{(entry is null ? "" : $"entry '{Quote(entry)}': ")}{why}",
            "Use a .tar, .tar.gz, .tar.xz, .tar.bz2, .tar.zst or .zip archive without encryption.", inner);

    public EnvException TooManyEntries(int limit) =>
        Make(EnvCode.ENV0208, $"the archive has more than {limit} entries",
            "This is almost certainly a hostile archive; check its source.");

    public EnvException Io(string? entry, Exception inner) =>
        Make(EnvCode.ENV0209,
            $"could not {(entry is null ? "read the archive" : $"write entry '{Quote(entry)}'")}: {PrintableText.Name(inner.Message)}",
            "Check free disk space and permissions of the store folder, then retry.", inner);

    public EnvException BadDestination(string destination, string why) =>
        Make(EnvCode.ENV0200, $"cannot unpack into '{destination}' ({why})",
            "The store must hand the extractor a fresh folder; remove the stale one and retry.");
}
