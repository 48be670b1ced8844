namespace Env.Core.Image;

/// <summary>
/// A user name and a password or token for a registry. Never printed: <see cref="ToString"/> hides the secret, so a
/// log line or an exception message that formats this record by mistake shows no password.
/// </summary>
public sealed record RegistryCredentials(string User, string Secret)
{
    public override string ToString() => $"{User}:***";

    /// <summary>
    /// The credentials for <paramref name="registry"/> as the .NET SDK's containers find them: its variables for the role
    /// (<c>DOTNET_CONTAINER_SOURCE_REGISTRY_UNAME</c>/<c>_PWORD</c> for the base image, <c>DOTNET_CONTAINER_TARGET_REGISTRY_…</c>
    /// for the push), else <c>DOTNET_CONTAINER_REGISTRY_UNAME</c>/<c>_PWORD</c>, else Docker's config file and helpers
    /// (<see cref="DockerConfig"/>); null when none has any (a public registry needs none).
    /// </summary>
    /// <param name="role"><c>SOURCE</c> or <c>TARGET</c>.</param>
    /// <param name="environment">Reads an environment variable (the build's).</param>
    public static RegistryCredentials? Find(string registry, string role, Func<string, string?> environment, string? projectFile)
    {
        foreach (var prefix in new[] { $"DOTNET_CONTAINER_{role}_REGISTRY_", "DOTNET_CONTAINER_REGISTRY_" })
        {
            var user = environment(prefix + "UNAME");
            var secret = environment(prefix + "PWORD");
            if (!string.IsNullOrEmpty(user) && !string.IsNullOrEmpty(secret)) return new RegistryCredentials(user, secret);
        }
        return DockerConfig.CredentialsFor(registry, DockerConfigFile(environment), projectFile);
    }

    /// <summary>Whether <paramref name="registry"/> is named in DOTNET_CONTAINER_INSECURE_REGISTRIES (comma- or semicolon-separated): plain HTTP.</summary>
    public static bool IsInsecure(string registry, Func<string, string?> environment) =>
        (environment("DOTNET_CONTAINER_INSECURE_REGISTRIES") ?? "")
            .Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Contains(registry, StringComparer.OrdinalIgnoreCase);

    private static string DockerConfigFile(Func<string, string?> environment)
    {
        var folder = environment("DOCKER_CONFIG");
        if (string.IsNullOrEmpty(folder)) folder = Path.Combine(environment("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker");
        return Path.Combine(folder, "config.json");
    }
}
