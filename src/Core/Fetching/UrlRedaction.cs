using System.Text.RegularExpressions;

namespace Env.Core.Fetching;

/// <summary>
/// The one way a URL is shown to a user (errors, log lines, archive names): with any user name and password
/// and the values of query parameters that look like credentials (<c>token</c>, <c>sig</c>, <c>X-Amz-Signature</c>,
/// <c>api_key</c>…) replaced by <c>***</c>. Build logs are pasted into issues and kept by CI, so a secret in a URL
/// must never reach them. Works on any text, so a message that quotes a URL can be passed through whole.
/// </summary>
public static partial class UrlRedaction
{
    public const string Mask = "***";

    public static string Redact(Uri url) => Redact(url.OriginalString);

    public static string Redact(string text)
    {
        if (string.IsNullOrEmpty(text)) return text;
        var result = UserInfo().Replace(text, m => m.Groups["scheme"].Value + Mask + "@");
        return SecretParameter().Replace(result, m => m.Groups["name"].Value + "=" + Mask);
    }

    /// <summary>Whether the URL carries a user name or password before its host.</summary>
    public static bool HasUserInfo(Uri url) => url.IsAbsoluteUri && url.UserInfo.Length > 0;

    // scheme://userinfo@ — greedy up to the last '@' before the path, as a sloppy "user:p@ss@host" still hides all of it.
    [GeneratedRegex(@"(?<scheme>\b[A-Za-z][A-Za-z0-9+.\-]*://)[^/?#\s]*@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();

    // A query (or matrix) parameter whose name says it is a credential: token, access_token, sig, signature,
    // X-Amz-Signature, X-Amz-Credential, X-Amz-Security-Token, X-Goog-Signature, api_key, apikey, secret,
    // password, passwd, pwd, auth, authorization, session, credential.
    // The separator may arrive percent-encoded (%3F, %26): .NET escapes '?' in URLs of schemes without a query (ftp).
    [GeneratedRegex(@"(?<=[?&;]|%3[Ff]|%26)(?<name>[A-Za-z0-9_.\-]*(?:token|sig|signature|key|secret|pass|pwd|auth|session|credential)[A-Za-z0-9_.\-]*)=(?<value>(?:(?!%26)[^&#\s'""])*)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretParameter();
}
