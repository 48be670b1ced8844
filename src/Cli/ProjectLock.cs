using Env.Core.Home;
using Env.Core.Locking;

namespace Env.Cli;

/// <summary>
/// The lock a command reads and the build writes: <c>env.lock.json</c>, or in a repository of home configurations the
/// chosen configuration's own (<c>homes/NAME.lock.json</c>, <see cref="LockFileLocation"/>), the configuration chosen as the
/// build chooses it (<c>--config NAME</c>, else Home Manager's rule). While a configuration has no lock yet, the
/// repository's <c>env.lock.json</c> stands in for it, as the build seeds it.
/// </summary>
internal static class ProjectLock
{
    /// <param name="projectFile">The env.proj, a full path.</param>
    /// <param name="configuration">--config, or null.</param>
    /// <returns>The lock the build writes, and the file it is read from now (the seed until it exists).</returns>
    public static (string Path, string ReadFrom) For(string projectFile, string? configuration)
    {
        var dir = System.IO.Path.GetDirectoryName(projectFile)!;
        var chosen = HomeConfigurationChoice.Choose(dir, configuration, HomeConfigurationChoice.User(), HomeConfigurationChoice.Host());
        var path = LockFileLocation.For(dir, chosen);
        return (path, LockFileLocation.ReadFrom(path, System.IO.Path.Combine(dir, LockFileLocation.FileName)));
    }
}
