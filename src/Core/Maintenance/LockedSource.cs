using Env.Core.Locking;

namespace Env.Core.Maintenance;

/// <summary>
/// Where a store entry came from, as a lock records it: the tool, the lock's platform key, the entry, and for a
/// RID-specific tool's runtime package the pointer package's entry it belongs to. Enough to rebuild it exactly.
/// </summary>
public sealed record LockedSource(string Tool, string Rid, LockEntry Entry, LockEntry? Pointer, string LockFile);
