namespace Env.Core.Locking;

/// <summary>
/// Where an env's lock is, by the rule Environment.targets follows for <c>EnvLockFile</c>'s default: <c>env.lock.json</c>
/// beside the project, except in a repository of home configurations, where each configuration (<c>homes/NAME.props</c>)
/// keeps its own, <c>homes/NAME.lock.json</c>, beside the file it pins. A configuration's tools are its own (j@lenny may
/// have tools j lacks), so one shared lock would be rewritten by every build of another configuration, and locked mode
/// (CI) could pass for none of them. <c>dotnet env</c> asks this type where the lock is, so it reads what the build
/// wrote; a test keeps the two rules equal.
/// </summary>
public static class LockFileLocation
{
    /// <summary>The lock of an env without home configurations, and the seed of a configuration's first lock.</summary>
    public const string FileName = "env.lock.json";

    public const string HomesFolder = "homes";

    /// <summary>What a configuration's lock file name ends with: <c>homes/j@lenny.lock.json</c>.</summary>
    public const string ConfigurationSuffix = ".lock.json";

    /// <param name="projectDir">The env.proj's folder.</param>
    /// <param name="configuration">The home configuration chosen (HomeConfiguration), or null.</param>
    /// <returns>
    /// <c>homes/NAME.lock.json</c> when <paramref name="configuration"/> names a file <c>homes/NAME.props</c> of the project,
    /// else <c>env.lock.json</c> (an env without configurations, or a configuration that does not exist, which the build refuses).
    /// </returns>
    public static string For(string projectDir, string? configuration)
    {
        if (configuration is { Length: > 0 } && IsName(configuration) && File.Exists(Path.Combine(projectDir, HomesFolder, configuration + ".props")))
            return Path.Combine(projectDir, HomesFolder, configuration + ConfigurationSuffix);
        return Path.Combine(projectDir, FileName);
    }

    /// <summary>
    /// The seed of a configuration's lock: <c>env.lock.json</c>, the one lock of a repository from before locks were kept
    /// per configuration, read in place of <paramref name="lockFile"/> until that exists (then never again). So the first
    /// build of each configuration starts from the versions and hashes the repository had pinned, and a locked build (CI)
    /// of a repository not yet moved keeps passing against it.
    /// </summary>
    /// <returns>The file to read the lock from: <paramref name="lockFile"/> itself, or the seed when only the seed exists.</returns>
    public static string ReadFrom(string lockFile, string? seed) =>
        string.IsNullOrEmpty(seed) || File.Exists(lockFile) || !File.Exists(seed)
        || string.Equals(Path.GetFullPath(seed), Path.GetFullPath(lockFile), StringComparison.Ordinal)
            ? lockFile
            : seed;

    /// <summary>Every lock of the project that exists: <c>env.lock.json</c> and each configuration's, in ordinal order.</summary>
    public static IReadOnlyList<string> All(string projectDir)
    {
        var locks = new List<string>();
        var single = Path.Combine(projectDir, FileName);
        if (File.Exists(single)) locks.Add(single);
        var homes = Path.Combine(projectDir, HomesFolder);
        if (Directory.Exists(homes))
        {
            locks.AddRange(Directory.EnumerateFiles(homes, "*" + ConfigurationSuffix)
                .Where(f => File.Exists(Path.ChangeExtension(Path.ChangeExtension(f, null), ".props")))
                .Order(StringComparer.Ordinal));
        }
        return locks;
    }

    /// <summary>A name, never a path: what Sdk.props imports, too (a separator or <c>..</c> is refused there, ENV0041).</summary>
    private static bool IsName(string configuration) =>
        !configuration.Contains('/') && !configuration.Contains('\\') && !configuration.Contains("..", StringComparison.Ordinal);
}
