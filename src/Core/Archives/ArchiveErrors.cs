using Env.Core.Diagnostics;

namespace Env.Core.Archives;

/// <summary>
/// Builds the errors of one extraction, so every message names the archive (as the user knows it) and the entry,
/// and says what to do. The archive's local path goes in <see cref="EnvException.File"/>.
/// </summary>
internal sealed class ArchiveErrors(string displayName, string archivePath)
{
    public string DisplayName { get; } = displayName;

    private EnvException Make(string code, string what, string todo, Exception? inner = null) =>
        new(code, $"Archive '{DisplayName}': {what}. {todo}", archivePath, inner);

    private const string Refused = "The archive was refused and nothing was unpacked; check that the URL and hash name the archive you meant, or repack it without this entry.";

    public EnvException UnsafePath(string entry, string why) =>
        Make(ArchiveErrorCodes.UnsafePath, $"entry '{entry}' has an unsafe name ({why})", Refused);

    public EnvException LinkEscape(string entry, string why) =>
        Make(ArchiveErrorCodes.LinkEscape, $"entry '{entry}' {why}", Refused);

    public EnvException LinkWork(string entry, string why) =>
        Make(ArchiveErrorCodes.LinkWork, $"entry '{entry}' {why}",
            "Links that name each other over and over are how an archive makes an unpacker work for ever; the archive was refused and nothing was unpacked. Check its source.");

    public EnvException SpecialEntry(string entry, string type) =>
        Make(ArchiveErrorCodes.SpecialEntry, $"entry '{entry}' is a {type}, which the store does not hold (only files, directories and links)", Refused);

    public EnvException Duplicate(string entry, string why) =>
        Make(ArchiveErrorCodes.DuplicateEntry, $"entry '{entry}' {why}", Refused);

    public EnvException SizeLimit(string? entry, long limit) =>
        Make(ArchiveErrorCodes.SizeLimit,
            $"unpacking{(entry is null ? "" : $" (at entry '{entry}')")} exceeds the limit of {limit} bytes",
            "If the archive is genuinely this large, raise the unpacked-size limit; otherwise it may be a decompression bomb.");

    public EnvException Corrupt(string? entry, string why, Exception? inner = null) =>
        Make(ArchiveErrorCodes.Corrupt,
            $"the archive is corrupt or truncated{(entry is null ? "" : $" at entry '{entry}'")} ({why})",
            "Delete the download and fetch it again; if it persists, the hash may name a different file.", inner);

    public EnvException Unsupported(string? entry, string why, Exception? inner = null) =>
        Make(ArchiveErrorCodes.Unsupported,
            $"{(entry is null ? "" : $"entry '{entry}': ")}{why}",
            "Use a .tar, .tar.gz, .tar.xz, .tar.bz2, .tar.zst or .zip archive without encryption.", inner);

    public EnvException TooManyEntries(int limit) =>
        Make(ArchiveErrorCodes.TooManyEntries, $"the archive has more than {limit} entries",
            "This is almost certainly a hostile archive; check its source.");

    public EnvException Io(string? entry, Exception inner) =>
        Make(ArchiveErrorCodes.IoFailure,
            $"could not {(entry is null ? "read the archive" : $"write entry '{entry}'")}: {inner.Message}",
            "Check free disk space and permissions of the store folder, then retry.", inner);

    public EnvException BadDestination(string destination, string why) =>
        Make(ArchiveErrorCodes.BadDestination, $"cannot unpack into '{destination}' ({why})",
            "The store must hand the extractor a fresh folder; remove the stale one and retry.");
}
