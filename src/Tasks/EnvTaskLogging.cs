using Env.Core.Diagnostics;
using Microsoft.Build.Utilities;

namespace Env.Tasks;

/// <summary>
/// A coded error or warning into MSBuild's log: the code as MSBuild wants it (text) and the message ending with the help
/// suffix (<see cref="CodedMessage"/>), so every task's coded line says where to read more, as the CLI's do.
/// </summary>
internal static class EnvTaskLogging
{
    public static void LogEnvError(this TaskLoggingHelper log, EnvCode code, string? file, int line, int column, int endLine, int endColumn, string message) =>
        log.LogError(null, code.ToString(), null, file, line, column, endLine, endColumn, CodedMessage.WithHelp(code, message));

    public static void LogEnvWarning(this TaskLoggingHelper log, EnvCode code, string? file, int line, int column, int endLine, int endColumn, string message) =>
        log.LogWarning(null, code.ToString(), null, file, line, column, endLine, endColumn, CodedMessage.WithHelp(code, message));
}
