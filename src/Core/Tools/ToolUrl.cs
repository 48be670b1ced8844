using Env.Core.Diagnostics;
using Env.Core.Fetching;

namespace Env.Core.Tools;

/// <summary>
/// Reads a <c>Tool</c> item's <c>Url</c>: an absolute http, https or file URL, or a URL relative to the project's
/// folder (an archive kept in the repository, <c>vendor/tool-1.0.tar.gz</c>), resolved as an HTML link would be.
/// A user name or password in it is refused: it would not be used, and env.lock.json (which is committed) records
/// the Url as written.
/// </summary>
public static class ToolUrl
{
    public static Uri Parse(string tool, string text, string? projectFile)
    {
        var shown = UrlRedaction.Redact(text);
        Uri url;
        if (Uri.TryCreate(text, UriKind.Absolute, out var absolute))
        {
            url = absolute;
        }
        else if (IsRelativeReference(text) && projectFile is not null
            && Uri.TryCreate(new Uri(Path.TrimEndingDirectorySeparator(Path.GetDirectoryName(Path.GetFullPath(projectFile))!) + "/"), text, out var resolved))
        {
            url = resolved;
        }
        else
        {
            throw new EnvException("ENV0003",
                $"Tool '{tool}': Url '{shown}' is not a URL. Write a full https://… or file:///… URL, or a path relative to the project's folder with '/' between folders (vendor/tool-1.0.tar.gz).",
                projectFile);
        }
        if (UrlRedaction.HasUserInfo(url))
        {
            throw new EnvException("ENV0030",
                $"Tool '{tool}': Url '{shown}' holds a user name or password. Env.Sdk does not send them, and env.lock.json (which you commit) records the Url, so they are refused. " +
                "Serve the file from a place that needs no credentials in the URL: a mirror inside your network, an authenticating proxy (HTTPS_PROXY), or a NuGet feed with credentials in nuget.config's packageSourceCredentials.",
                projectFile);
        }
        if (!UrlFetcher.IsSupportedScheme(url))
            throw new EnvException("ENV0103", $"Tool '{tool}': the URL scheme '{url.Scheme}' is not supported ({shown}). Use http, https or file.", projectFile);
        return url;
    }

    /// <summary>
    /// A relative reference names a file under (or beside) the project: no scheme, not rooted (<c>/x</c> and
    /// <c>//host/x</c> would leave the project's folder's meaning behind), no backslashes (they are not URL separators,
    /// and would make the lock differ by platform), no query or fragment (a file has none), no white space (a URL
    /// writes it %20; "not a url" is a mistake, not a file name).
    /// </summary>
    private static bool IsRelativeReference(string text) =>
        text.Length > 0 && text[0] != '/' && text.IndexOfAny(['\\', '?', '#', ':']) < 0 && !text.Any(char.IsWhiteSpace);
}
