namespace Env.Core.Archives;

/// <summary>Passes bytes through while computing their CRC-32, so the check costs no second read.</summary>
internal sealed class CrcReadStream(Stream inner) : ForwardReadStream(inner)
{
    public Crc32 Crc { get; } = new();

    protected override void Observe(ReadOnlySpan<byte> chunk) => Crc.Append(chunk);
}
