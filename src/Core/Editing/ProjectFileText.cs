using System.Text;
using System.Text.RegularExpressions;
using Env.Core.Diagnostics;

namespace Env.Core.Editing;

/// <summary>
/// A project file as bytes and as text: its encoding and byte-order mark, its line break, so an edited text goes
/// back to disk in the same encoding and every byte outside the edit is the byte that was read.
/// </summary>
public sealed partial class ProjectFileText
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly byte[] _bytes;
    private readonly byte[] _preamble;
    private readonly Encoding _encoding;

    private ProjectFileText(string path, byte[] bytes, byte[] preamble, Encoding encoding, string text)
    {
        Path = path;
        _bytes = bytes;
        _preamble = preamble;
        _encoding = encoding;
        Text = text;
        NewLine = text.IndexOf('\n') is var n and > 0 && text[n - 1] == '\r' ? "\r\n" : "\n";
    }

    /// <summary>The file as given (a link is written through to its target).</summary>
    public string Path { get; }

    /// <summary>The text after the byte-order mark.</summary>
    public string Text { get; }

    /// <summary>The file's line break: that of its first line (\n for a file of one line).</summary>
    public string NewLine { get; }

    public static ProjectFileText Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EnvException(EnvCode.ENV0720, $"Cannot read {path}: {e.Message} Nothing was changed.", path, e);
        }
        var (preamble, encoding) = bytes switch
        {
            [0xEF, 0xBB, 0xBF, ..] => (bytes[..3], (Encoding)StrictUtf8),
            [0xFF, 0xFE, ..] => (bytes[..2], new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true)),
            [0xFE, 0xFF, ..] => (bytes[..2], new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true)),
            _ => ([], StrictUtf8),
        };
        string text;
        try
        {
            text = encoding.GetString(bytes, preamble.Length, bytes.Length - preamble.Length);
        }
        catch (DecoderFallbackException e)
        {
            throw new EnvException(EnvCode.ENV0720,
                $"{path} is not valid {(encoding is UTF8Encoding ? "UTF-8" : "UTF-16")} text, so the editor cannot keep it byte for byte. Nothing was changed. Save it as UTF-8, or edit it by hand.",
                path, e);
        }
        // The text is decoded by its byte-order mark (or as UTF-8); a declaration naming another encoding would mean
        // the bytes were read as something they are not.
        if (DeclaredEncoding().Match(text) is { Success: true } m && !IsCompatible(m.Groups[1].Value, encoding))
        {
            throw new EnvException(EnvCode.ENV0720,
                $"{path} declares encoding=\"{m.Groups[1].Value}\"; the editor keeps files in UTF-8 or UTF-16 only. Nothing was changed. Save it as UTF-8, or edit it by hand.",
                path);
        }
        return new ProjectFileText(path, bytes, preamble, encoding, text);
    }

    /// <summary>
    /// Writes <paramref name="text"/> in the file's encoding, with its byte-order mark, through a temporary file renamed
    /// over the target (keeping its permissions). Refuses (ENV0724) when the file changed since it was read: another
    /// editor's save would be lost.
    /// </summary>
    public void Write(string text)
    {
        var target = new FileInfo(Path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? System.IO.Path.GetFullPath(Path);
        var temp = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(target)!, $".{System.IO.Path.GetFileName(target)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            var content = _encoding.GetBytes(text);
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(_preamble);
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, File.GetUnixFileMode(target));
            if (!File.ReadAllBytes(target).AsSpan().SequenceEqual(_bytes))
            {
                throw new EnvException(EnvCode.ENV0724,
                    $"{Path} changed while it was being edited (another program saved it). Nothing was changed. Run the command again.", Path);
            }
            File.Move(temp, target, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EnvException(EnvCode.ENV0724, $"Cannot write {Path}: {e.Message} Nothing was changed. Check the folder's permissions.", Path, e);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private static bool IsCompatible(string declared, Encoding actual) =>
        declared.ToLowerInvariant() switch
        {
            "utf-8" or "utf8" => actual is UTF8Encoding,
            "utf-16" or "utf16" or "unicode" => actual is UnicodeEncoding,
            // Pure ASCII is UTF-8.
            "us-ascii" or "ascii" => actual is UTF8Encoding,
            _ => false,
        };

    [GeneratedRegex("""\A\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']*)["']""")]
    private static partial Regex DeclaredEncoding();
}
