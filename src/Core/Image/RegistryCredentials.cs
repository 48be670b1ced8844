namespace Env.Core.Image;

/// <summary>
/// A user name and a password or token for a registry. Never printed: <see cref="ToString"/> hides the secret, so a
/// log line or an exception message that formats this record by mistake shows no password.
/// </summary>
public sealed record RegistryCredentials(string User, string Secret)
{
    public override string ToString() => $"{User}:***";
}
