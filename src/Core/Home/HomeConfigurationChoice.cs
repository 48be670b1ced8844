namespace Env.Core.Home;

/// <summary>
/// Which <c>homes/NAME.props</c> a home repository uses, chosen as Home Manager chooses: the name given, else
/// <c>$USER@&lt;short host name&gt;</c> if that file exists, else <c>$USER</c> if that one does. Sdk.props chooses the same
/// at evaluation (<c>HomeConfiguration</c>); this twin serves <c>dotnet env switch</c>, which must know the choice without
/// MSBuild to tell whether the last build is the one wanted. A test keeps the two equal.
/// </summary>
public static class HomeConfigurationChoice
{
    public const string HomesFolder = "homes";

    /// <summary>The shared file every configuration imports; never a configuration itself.</summary>
    public const string Common = "common";

    /// <returns>The configuration's name, or null when none matches (the build then fails with ENV0040 and lists them).</returns>
    public static string? Choose(string projectDir, string? given, string user, string host)
    {
        if (!string.IsNullOrEmpty(given)) return given;
        var homes = Path.Combine(projectDir, HomesFolder);
        if (File.Exists(Path.Combine(homes, $"{user}@{host}.props"))) return $"{user}@{host}";
        if (File.Exists(Path.Combine(homes, $"{user}.props"))) return user;
        return null;
    }

    /// <summary>
    /// This machine's user, by the one rule Sdk.props (<c>EnvUser</c>) follows too: <c>$USER</c>, else <c>$LOGNAME</c>,
    /// else the account name of the process's user from the OS (what <c>whoami</c> prints; .NET's
    /// <see cref="Environment.UserName"/> reads it from the password database on Unix). Containers, CI and <c>su</c>
    /// often set neither variable, and the account name is then still the user, as Home Manager takes it.
    /// </summary>
    public static string User() => User(Environment.GetEnvironmentVariable);

    /// <param name="variable">The environment, as a lookup (a test's own).</param>
    public static string User(Func<string, string?> variable) =>
        variable("USER") is { Length: > 0 } user ? user
        : variable("LOGNAME") is { Length: > 0 } logName ? logName
        : Environment.UserName;

    /// <summary>The short host name (as <c>hostname -s</c>), as Sdk.props computes <c>EnvHost</c>.</summary>
    public static string Host() => Environment.MachineName.Split('.')[0];

    /// <summary>The configurations a repository has, for messages.</summary>
    public static IReadOnlyList<string> Available(string projectDir)
    {
        var homes = Path.Combine(projectDir, HomesFolder);
        if (!Directory.Exists(homes)) return [];
        return Directory.EnumerateFiles(homes, "*.props").Select(Path.GetFileNameWithoutExtension).OfType<string>()
            .Where(n => n != Common).Order(StringComparer.Ordinal).ToList();
    }
}
