namespace Env.Core.Archives;

/// <summary>
/// Caps the decompressed bytes read from a tar stream, headers included. File content is already bounded by
/// <see cref="ByteBudget"/>, but huge pax headers or millions of empty entries are not content; this bounds them too.
/// </summary>
internal sealed class LimitedReadStream(Stream inner, long limit, ArchiveErrors errors) : ForwardReadStream(inner)
{
    protected override void Observe(ReadOnlySpan<byte> chunk)
    {
        if (BytesRead > limit) throw errors.SizeLimit(null, limit);
    }
}
