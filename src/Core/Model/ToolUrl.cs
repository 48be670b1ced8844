using Env.Core.Diagnostics;
using Env.Core.Fetching;

namespace Env.Core.Model;

/// <summary>
/// Reads a <c>Tool</c> item's <c>Url</c>: an absolute http, https or file URL, or a path relative to the project's
/// folder written with <c>/</c> (an archive kept in the repository, <c>vendor/tool-1.0.tar.gz</c>), which becomes a
/// file URL.
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
        else if (IsRelativePath(text) && projectFile is not null)
        {
            url = new Uri(Path.GetFullPath(text, Path.GetDirectoryName(Path.GetFullPath(projectFile))!));
        }
        else
        {
            throw new EnvException(EnvCode.ENV0003,
                $"Tool '{tool}': Url '{shown}' is not a URL. Write a full https://… or file:///… URL, or a path relative to the project's folder with '/' between folders (vendor/tool-1.0.tar.gz).",
                projectFile);
        }
        if (UrlRedaction.HasUserInfo(url))
        {
            throw new EnvException(EnvCode.ENV0030,
                $"Tool '{tool}': Url '{shown}' holds a user name or password. Env.Sdk does not send them, and env.lock.json (which you commit) records the Url, so they are refused. " +
                "Serve the file from a place that needs no credentials in the URL: a mirror inside your network, an authenticating proxy (HTTPS_PROXY), or a NuGet feed with credentials in nuget.config's packageSourceCredentials.",
                projectFile);
        }
        if (!UrlFetcher.IsSupportedScheme(url))
            throw new EnvException(EnvCode.ENV0103, $"Tool '{tool}': the URL scheme '{url.Scheme}' is not supported ({shown}). Use http, https or file.", projectFile);
        return url;
    }

    /// <summary>
    /// A relative path names a file under (or beside) the project: no scheme, not rooted, no backslashes (the lock
    /// must read the same on every platform), no '?' or '#' (a URL's, not a file's), no white space ("not a url" is a
    /// mistake, not a file name). It is a path, not URL-escaped: <c>%20</c> is those three characters.
    /// </summary>
    private static bool IsRelativePath(string text) =>
        text.Length > 0 && text[0] != '/' && text.IndexOfAny(['\\', '?', '#', ':']) < 0 && !text.Any(char.IsWhiteSpace);
}
