using Env.Core.Diagnostics;
using Env.Core.Fetching;
using NuGet.Configuration;

namespace Env.Core.NuGet;

/// <summary>
/// The NuGet sources archives are pushed to and substituted from, as the user names them: a source's name in nuget.config
/// (its credentials come with it), an http(s) feed URL (a v3 index.json, or a server's push endpoint), or a folder.
/// </summary>
public static class ArchiveFeeds
{
    /// <param name="text">The name, URL or folder.</param>
    /// <param name="settingsRoot">Where the nuget.config lookup starts.</param>
    /// <param name="origin">Where the name came from, for the message (EnvSubstitute, --source).</param>
    /// <param name="relativeTo">What a relative folder is relative to, when not <paramref name="settingsRoot"/> (the CLI's current folder).</param>
    public static PackageSource Resolve(string text, string settingsRoot, string origin, string? file, string? relativeTo = null)
    {
        var value = text.Trim();
        if (value.Length == 0) throw Invalid(text, origin, file);
        ISettings settings;
        try
        {
            settings = Settings.LoadDefaultSettings(Path.GetFullPath(settingsRoot));
        }
        catch (Exception e) when (e is NuGetConfigurationException or System.Xml.XmlException or InvalidOperationException)
        {
            throw new EnvException(EnvCode.ENV0401, $"The NuGet configuration that applies to '{settingsRoot}' cannot be read: {e.Message} Fix or remove the file.", file, e);
        }
        var configured = new PackageSourceProvider(settings).LoadPackageSources()
            .FirstOrDefault(s => s.Name.Equals(value, StringComparison.OrdinalIgnoreCase));
        if (configured is not null) return configured;
        if (Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            if (UrlRedaction.HasUserInfo(url))
            {
                throw new EnvException(EnvCode.ENV0420,
                    $"{origin} '{UrlRedaction.Redact(value)}' holds a user name or password. Give the feed a name and its credentials in nuget.config (packageSources, packageSourceCredentials), and name it instead.",
                    file);
            }
            return new PackageSource(url.AbsoluteUri, UrlRedaction.Redact(url.AbsoluteUri));
        }
        if (Uri.TryCreate(value, UriKind.Absolute, out url) && url.IsFile) return new PackageSource(url.LocalPath, url.LocalPath);
        if (value.Contains('/') || value.Contains('\\') || value.StartsWith('.') || Path.IsPathRooted(value))
        {
            var folder = Path.GetFullPath(value, Path.GetFullPath(relativeTo ?? settingsRoot));
            return new PackageSource(folder, folder);
        }
        throw Invalid(value, origin, file);
    }

    private static EnvException Invalid(string text, string origin, string? file) =>
        new(EnvCode.ENV0420,
            $"{origin} '{UrlRedaction.Redact(text)}' is neither a source named in nuget.config, an http(s) feed URL, nor a folder (write a folder as a path with '/', e.g. ./feed or /srv/feed). Name a NuGet source there.",
            file);
}
