using System.Text.RegularExpressions;
using NuGet.Common;

namespace Env.Core.NuGet;

/// <summary>
/// One package download's view of NuGet's own log, which it forwards unchanged: whether NuGet answered from its HTTP
/// cache (it logs "CACHE uri" for a file younger than 30 minutes, "GET uri" for a request), so that a package
/// <c>dotnet env add</c> has just fetched, or another restore had, is reported as taken from the NuGet cache and not as a
/// download, nor counted in the bytes a restore downloaded. NuGet gives no other way to tell.
/// </summary>
internal sealed partial class HttpCacheUse(ILogger inner) : LoggerBase
{
    private int _cached;
    private int _requested;

    /// <summary>Served from the cache alone: a CACHE line and no request.</summary>
    public bool FromCache => Volatile.Read(ref _cached) > 0 && Volatile.Read(ref _requested) == 0;

    public override void Log(ILogMessage message)
    {
        if (Line().Match(message.Message) is { Success: true } m)
        {
            if (m.Groups[1].Value == "CACHE") Interlocked.Increment(ref _cached);
            else Interlocked.Increment(ref _requested);
        }
        inner.Log(message);
    }

    public override Task LogAsync(ILogMessage message)
    {
        Log(message);
        return Task.CompletedTask;
    }

    [GeneratedRegex(@"^\s*(CACHE|GET)\s+\S")]
    private static partial Regex Line();
}
