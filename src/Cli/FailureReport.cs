using Env.Core.Diagnostics;

namespace Env.Cli;

/// <summary>
/// How a verb's failure reaches the user: `ENVnnnn: message (dotnet env help ENVnnnn)` on stderr and an exit code, as dotnet's own errors, for
/// every exception (UnexpectedFailure codes what no verb did); a stack trace only when ENVSDK_TRACE asks for it.
/// </summary>
internal static class FailureReport
{
    public static int Print(Exception exception)
    {
        var e = UnexpectedFailure.From(exception is AggregateException { InnerExceptions.Count: > 0 } all ? all.InnerExceptions[0] : exception);
        if (exception is OperationCanceledException)
            e = new EnvException(EnvCode.ENV0900, "Cancelled.", null, exception);
        Console.Error.WriteLine(e.ToString());
        if (UserFolders.TraceRequested && e.InnerException is { } inner) Console.Error.WriteLine(inner);
        return e.Code switch
        {
            // As shells answer: 127 for a command not found, 126 for one that cannot run, 130 after Ctrl+C.
            EnvCode.ENV0706 => 127,
            EnvCode.ENV0707 => 126,
            EnvCode.ENV0900 or EnvCode.ENV0770 => 130,
            _ => 1,
        };
    }
}
