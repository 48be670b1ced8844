namespace Env.Core.Home;

/// <summary>How a home file is put in place: a link into the generation's store entry (the default), or a copy.</summary>
public enum HomeFileMode
{
    /// <summary>A symbolic link to the file in the generation's store entry: read-only, replaced in one rename.</summary>
    Link,

    /// <summary>
    /// A normal writable file, for programs that rewrite their own configuration. The generation records the content it
    /// wrote (<see cref="HomeFileEntry.Sha256"/>), so a later switch can tell the user's edits from its own copy.
    /// </summary>
    Copy,
}
