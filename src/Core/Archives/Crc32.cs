namespace Env.Core.Archives;

/// <summary>
/// CRC-32 (IEEE, as zip uses). System.IO.Compression does not always check it: when a header understates the size,
/// it silently stops at the declared length. Checking ourselves turns such lies and bit rot into errors.
/// (System.IO.Hashing has one, but it is a separate package; this is the whole algorithm.)
/// </summary>
internal sealed class Crc32
{
    private static readonly uint[] Table = BuildTable();

    private uint _crc = 0xFFFFFFFFu;

    public uint Value => ~_crc;

    public void Append(ReadOnlySpan<byte> data)
    {
        var crc = _crc;
        foreach (var b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        _crc = crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        return table;
    }
}
