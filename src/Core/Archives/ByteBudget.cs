namespace Env.Core.Archives;

/// <summary>
/// Counts bytes actually written against the limit. Headers (tar sizes, zip declared sizes) are never trusted for
/// this: a bomb lies about them, so the count happens while copying and stops at the first byte over.
/// </summary>
internal sealed class ByteBudget(long limit, ArchiveErrors errors)
{
    public long Used { get; private set; }

    public void Spend(long bytes, string entry)
    {
        Used += bytes;
        if (Used > limit) throw errors.SizeLimit(entry, limit);
    }
}
