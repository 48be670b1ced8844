using System.Globalization;
using System.Text;

namespace Env.Core.Archives;

/// <summary>
/// Reads the tar stream's headers as they pass to TarReader and refuses a metadata header larger than its bound
/// before TarReader sees it. TarReader reads a GNU long name or long link, and a pax extended or global header,
/// whole into memory: a 4 MB .tar.gz whose long-name header claims 1e9 bytes took 15 GB. So the guard follows the
/// stream block by block as TarReader does (512-byte header, then the data rounded up to 512, the size taken from a
/// preceding pax header's <c>size</c> record when there is one, as TarReader takes it) and checks each header's size.
/// </summary>
/// <remarks>
/// After a header TarReader refuses (an unknown or sparse type) or the end-of-archive block, nothing more is read, so
/// the guard stops following. A header it cannot parse (a size field that is not a number, a pax size record twice
/// with different values) is refused as corrupt rather than guessed at, so TarReader and the guard never disagree on
/// where the next header is.
/// </remarks>
internal sealed class TarHeaderGuard(Stream inner, ArchiveErrors errors) : ForwardReadStream(inner)
{
    /// <summary>A GNU long name or link target: PATH_MAX, with its NUL.</summary>
    public const int MaxLongNameBytes = 4096;

    /// <summary>A pax extended or global header: a long path and link target plus attributes (ACLs, SELinux labels) fit well.</summary>
    public const int MaxPaxBytes = 64 * 1024;

    private const int Block = 512;

    private readonly byte[] _header = new byte[Block];
    private int _headerFill;
    private long _dataLeft;     // data bytes of the current entry still to pass
    private long _paddingLeft;  // padding after the data
    private byte[]? _pax;       // the pax extended header's data, kept to find its size record
    private int _paxFill;
    private long? _nextSize;    // a pax size record for the next header
    private bool _done;

    protected override void Observe(ReadOnlySpan<byte> chunk)
    {
        while (!chunk.IsEmpty && !_done)
        {
            if (_dataLeft > 0)
            {
                var n = (int)Math.Min(_dataLeft, chunk.Length);
                if (_pax is not null) { chunk[..n].CopyTo(_pax.AsSpan(_paxFill)); _paxFill += n; }
                _dataLeft -= n;
                chunk = chunk[n..];
                if (_dataLeft == 0 && _pax is not null) { _nextSize = PaxSize(_pax.AsSpan(0, _paxFill)); _pax = null; }
            }
            else if (_paddingLeft > 0)
            {
                var n = (int)Math.Min(_paddingLeft, chunk.Length);
                _paddingLeft -= n;
                chunk = chunk[n..];
            }
            else
            {
                var n = Math.Min(Block - _headerFill, chunk.Length);
                chunk[..n].CopyTo(_header.AsSpan(_headerFill));
                _headerFill += n;
                chunk = chunk[n..];
                if (_headerFill == Block) { _headerFill = 0; OnHeader(); }
            }
        }
    }

    private void OnHeader()
    {
        if (_header.AsSpan().IndexOfAnyExcept((byte)0) < 0) { _done = true; return; }
        var type = (char)_header[156];
        var size = _nextSize ?? HeaderSize();
        _nextSize = null;
        switch (type)
        {
            case 'L' or 'K':
                if (size > MaxLongNameBytes)
                    throw errors.HeaderTooLarge(HeaderName(), type == 'L' ? "GNU long-name header" : "GNU long-link header", size, MaxLongNameBytes);
                break;
            case 'x' or 'g':
                if (size > MaxPaxBytes)
                    throw errors.HeaderTooLarge(HeaderName(), type == 'x' ? "pax extended header" : "pax global header", size, MaxPaxBytes);
                if (type == 'x') { _pax = new byte[size]; _paxFill = 0; }
                break;
            case '0' or '\0' or '1' or '2' or '3' or '4' or '5' or '6' or '7':
                break;
            default:
                // Sparse, multi-volume and unknown types: TarReader or TarExtractor refuses the entry, so nothing follows.
                _done = true;
                return;
        }
        _dataLeft = size;
        _paddingLeft = (Block - size % Block) % Block;
        if (type == 'x' && size == 0) _pax = null;
    }

    /// <summary>The size field: octal digits (padded with spaces or NULs), or GNU base-256 with the high bit set.</summary>
    private long HeaderSize()
    {
        var field = _header.AsSpan(124, 12);
        if ((field[0] & 0x80) != 0)
        {
            if (field[0] != 0x80 || field[1..4].IndexOfAnyExcept((byte)0) >= 0) throw Unreadable("a size field out of range");
            long value = 0;
            foreach (var b in field[4..]) value = (value << 8) | b;
            if (value < 0) throw Unreadable("a negative size");
            return value;
        }
        var text = field.Trim((ReadOnlySpan<byte>)[0, (byte)' ']);
        long result = 0;
        foreach (var b in text)
        {
            if (b is < (byte)'0' or > (byte)'7') throw Unreadable("a size field that is not an octal number");
            result = result * 8 + (b - '0');
        }
        return result;
    }

    /// <summary>The value of the pax <c>size</c> record, or null; records are "LEN key=value\n", LEN counting the whole.</summary>
    private long? PaxSize(ReadOnlySpan<byte> data)
    {
        long? size = null;
        while (!data.IsEmpty)
        {
            var space = data.IndexOf((byte)' ');
            if (space <= 0 || !int.TryParse(data[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                || length <= space + 1 || length > data.Length || data[length - 1] != (byte)'\n')
            {
                // TarReader stops at a malformed record; only a record before it can have set the size.
                if (data.IndexOfAnyExcept((byte)0) < 0) break;
                throw Unreadable("a malformed pax record");
            }
            var record = data[(space + 1)..(length - 1)];
            var equals = record.IndexOf((byte)'=');
            if (equals > 0 && record[..equals].SequenceEqual("size"u8))
            {
                if (!long.TryParse(record[(equals + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                    throw Unreadable("a pax size record that is not a number");
                if (size is { } earlier && earlier != value) throw Unreadable("two different pax size records");
                size = value;
            }
            data = data[length..];
        }
        return size;
    }

    private string HeaderName()
    {
        var field = _header.AsSpan(0, 100);
        var end = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? field : field[..end]);
    }

    private Diagnostics.EnvException Unreadable(string why) => errors.Corrupt(HeaderName(), $"a tar header with {why}");
}
