using Env.Core.Nix;

namespace Env.Core.Locking;

/// <summary>
/// The name part of a tool's store entry (<c>&lt;hash&gt;-&lt;name&gt;</c>), in one place: the installers name
/// entries with it, and <see cref="LockIntegrity"/> recomputes it to check a lock's storePath.
/// </summary>
public static class EntryName
{
    public static string ForTool(string tool, string version) => StorePathName.Sanitize($"{tool}-{version}");

    /// <summary>
    /// A RID-specific tool's runtime package: <c>&lt;tool&gt;-&lt;rid&gt;-&lt;version&gt;</c>, so it is not named like the
    /// pointer package it belongs to.
    /// </summary>
    public static string ForRuntimePackage(string tool, string rid, string version) => StorePathName.Sanitize($"{tool}-{rid}-{version}");
}
