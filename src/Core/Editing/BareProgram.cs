namespace Env.Core.Editing;

/// <summary>
/// Whether a downloaded file that is no archive is a program (<c>jq-linux-amd64</c>), by its first bytes: ELF,
/// Mach-O (thin or universal), a Windows executable (MZ), or a script with a <c>#!</c> line. Anything else (an HTML
/// error page, a .gz of one file) is not added as <c>Executable="true"</c>.
/// </summary>
internal static class BareProgram
{
    public static bool Is(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using var file = File.OpenRead(path);
        var read = file.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        if (read < 2) return false;
        if (head[0] == (byte)'#' && head[1] == (byte)'!') return true;
        if (head[0] == (byte)'M' && head[1] == (byte)'Z') return true;
        if (read < 4) return false;
        var magic = (uint)(head[0] << 24 | head[1] << 16 | head[2] << 8 | head[3]);
        return magic is 0x7F454C46 // ELF
            or 0xFEEDFACE or 0xFEEDFACF or 0xCEFAEDFE or 0xCFFAEDFE // Mach-O, either byte order
            or 0xCAFEBABE; // universal Mach-O
    }
}
