namespace Env.Core.Store;

/// <summary>
/// One entry checked by <see cref="StoreVerifier"/>: its name, the name its content has now (null when it could not be
/// hashed), and why it is bad when it is.
/// </summary>
public sealed record VerifiedEntry(string Name, string? ActualName, string? Problem)
{
    public bool Ok => Problem is null;
}
