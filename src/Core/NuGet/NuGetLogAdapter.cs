using Env.Core.Diagnostics;
using NuGet.Common;

namespace Env.Core.NuGet;

/// <summary>
/// Forwards NuGet's own log to <see cref="IEnvLog"/>: its warnings as ENV0409 warnings, the rest (HTTP requests,
/// cache hits) as detail. NuGet's errors become detail too: the fetcher reports failures itself, as ENV04xx.
/// </summary>
internal sealed class NuGetLogAdapter(IEnvLog log) : LoggerBase
{
    private readonly List<string> _errors = [];

    /// <summary>
    /// The errors NuGet logged: some operations (a push NuGet refuses, e.g. to an http source without
    /// allowInsecureConnections) only log them and return, so the caller must look.
    /// </summary>
    public IReadOnlyList<string> Errors { get { lock (_errors) return _errors.ToList(); } }

    public override void Log(ILogMessage message)
    {
        var text = message.Code == NuGetLogCode.Undefined ? message.Message : $"{message.Code}: {message.Message}";
        if (message.Level >= LogLevel.Error) lock (_errors) _errors.Add(text);
        if (message.Level == LogLevel.Warning) log.Warning(EnvCode.ENV0409, $"NuGet: {text}");
        else log.Detail($"NuGet: {text}");
    }

    public override Task LogAsync(ILogMessage message)
    {
        Log(message);
        return Task.CompletedTask;
    }
}
