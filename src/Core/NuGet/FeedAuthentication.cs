using System.Net;
using Env.Core.Diagnostics;
using NuGet.Configuration;

namespace Env.Core.NuGet;

/// <summary>
/// A feed that answered 401 or 403 is an authentication problem, not a broken source: the user must be told which
/// source, whether credentials were offered at all, and where credentials come from (as <c>dotnet restore</c> looks for
/// them). The messages name the source and its URL only; a credential is never part of one.
/// </summary>
internal static class FeedAuthentication
{
    /// <summary>ENV0450 (the credentials of nuget.config or the environment refused), ENV0451 (none, or only a provider's, and refused) or ENV0452 (403) when <paramref name="e"/> is a 401/403; else null.</summary>
    public static EnvException? Refused(PackageSource source, string id, Exception e)
    {
        var status = StatusOf(e);
        if (status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)) return null;
        var where = $"'{source.Name}' ({Fetching.UrlRedaction.Redact(source.Source)})";
        var variable = $"NuGetPackageSourceCredentials_{source.Name}";
        if (status == HttpStatusCode.Forbidden)
        {
            return new EnvException(EnvCode.ENV0452,
                $"Package source {where} refused access (403 Forbidden) while looking up '{id}': the credentials were accepted but do not allow reading this feed. " +
                "Ask the feed's owner for read access for that account or token, or use credentials that have it.",
                inner: e);
        }
        if (source.Credentials is { } given && given.IsValid())
        {
            return new EnvException(EnvCode.ENV0450,
                $"Package source {where} refused the credentials it was given (401 Unauthorized) while looking up '{id}'. " +
                $"They come from the environment variable {variable} when it is set, else from <packageSourceCredentials> for '{source.Name}' in a nuget.config: check the user name and the password or token there (a token may have expired).",
                inner: e);
        }
        return new EnvException(EnvCode.ENV0451,
            $"Package source {where} needs credentials (401 Unauthorized) while looking up '{id}', and neither nuget.config, the environment nor a credential provider gave any it accepts. " +
            $"Give them as dotnet restore takes them: <packageSourceCredentials> for '{source.Name}' in a nuget.config (a user-level one keeps them out of the repository), " +
            $"the environment variable {variable}=\"Username=USER;Password=TOKEN\" (CI), or a NuGet credential provider plugin (NUGET_PLUGIN_PATHS or ~/.nuget/plugins; " +
            "run 'dotnet restore --interactive' once if the provider must sign you in).",
            inner: e);
    }

    /// <summary>The HTTP status a failure carries, from NuGet's exception chain (an HttpRequestException, or its message).</summary>
    private static HttpStatusCode? StatusOf(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is HttpRequestException { StatusCode: { } code }) return code;
            if (x.Message.Contains("401 (Unauthorized)", StringComparison.Ordinal) || x.Message.Contains("401 Unauthorized", StringComparison.Ordinal)) return HttpStatusCode.Unauthorized;
            if (x.Message.Contains("403 (Forbidden)", StringComparison.Ordinal) || x.Message.Contains("403 Forbidden", StringComparison.Ordinal)) return HttpStatusCode.Forbidden;
        }
        return null;
    }
}
