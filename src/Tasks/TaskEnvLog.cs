using Env.Core.Diagnostics;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Env.Tasks;

/// <summary>Core's log, forwarded to MSBuild. Progress is High importance so the terminal logger shows it.</summary>
internal sealed class TaskEnvLog(TaskLoggingHelper log, string projectFile) : IEnvLog
{
    public void Info(string message) => log.LogMessage(MessageImportance.High, message);

    public void Detail(string message) => log.LogMessage(MessageImportance.Low, message);

    public void Warning(EnvCode code, string message, string? file = null) =>
        log.LogEnvWarning(code, file ?? projectFile, 0, 0, 0, 0, message);
}
