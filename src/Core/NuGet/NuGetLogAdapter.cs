using Env.Core.Diagnostics;
using NuGet.Common;

namespace Env.Core.NuGet;

/// <summary>
/// Forwards NuGet's own log to <see cref="IEnvLog"/>: its warnings as ENV0409 warnings, the rest (HTTP requests,
/// cache hits) as detail. NuGet's errors become detail too: the fetcher reports failures itself, as ENV04xx.
/// </summary>
internal sealed class NuGetLogAdapter(IEnvLog log) : LoggerBase
{
    public override void Log(ILogMessage message)
    {
        var text = message.Code == NuGetLogCode.Undefined ? message.Message : $"{message.Code}: {message.Message}";
        if (message.Level == LogLevel.Warning) log.Warning("ENV0409", $"NuGet: {text}");
        else log.Detail($"NuGet: {text}");
    }

    public override Task LogAsync(ILogMessage message)
    {
        Log(message);
        return Task.CompletedTask;
    }
}
