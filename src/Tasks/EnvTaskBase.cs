using Env.Core.Diagnostics;
using Microsoft.Build.Framework;

namespace Env.Tasks;

/// <summary>
/// What every Env.Sdk task shares: the project it works for, cancellation (Ctrl+C), its inputs logged once at low
/// importance, and the one error policy.
/// </summary>
/// <remarks>
/// The error policy, the same for every task (no task catches on its own):
/// <list type="bullet">
/// <item>an <see cref="EnvException"/> is a coded error at its file, and at the item's line and column when it is
/// about one item (<see cref="ItemException"/>);</item>
/// <item>cancellation is ENV0900;</item>
/// <item>a file-system failure (IO, permission) of a task that names one (<see cref="FileSystemErrorCode"/>: the
/// shell folder, VS Code's settings) is that code, naming what could not be updated;</item>
/// <item>anything else is one coded error of <see cref="UnexpectedFailure"/> (a full disk and a permission told apart
/// from a bug), never MSB4018 with a stack trace; the trace is logged at low importance, for a report.</item>
/// </list>
/// </remarks>
public abstract class EnvTaskBase : Microsoft.Build.Utilities.Task, ICancelableTask
{
    private readonly CancellationTokenSource _cancel = new();

    /// <summary>The project the task works for (env.proj), named by its errors.</summary>
    [Required]
    public string ProjectFile { get; set; } = "";

    protected CancellationToken CancellationToken => _cancel.Token;

    protected IEnvLog EnvLog => new TaskEnvLog(Log, ProjectFile);

    public void Cancel() => _cancel.Cancel();

    /// <summary>The code of a file-system failure in this task, with <see cref="FileSystemErrorSubject"/>; null: unexpected.</summary>
    protected virtual EnvCode? FileSystemErrorCode => null;

    /// <summary>What a file-system failure could not update (the shell folder, a settings file).</summary>
    protected virtual string FileSystemErrorSubject => ProjectFile;

    public sealed override bool Execute()
    {
        // The check first: at normal verbosity nothing is formatted (a no-op build runs a task too).
        if (Log.LogsMessagesOfImportance(MessageImportance.Low)) Log.LogMessage(MessageImportance.Low, TaskInputs.Describe(this));
        try
        {
            Run();
        }
        catch (Exception ex) when (Flatten(ex).All(e => e is EnvException or OperationCanceledException))
        {
            foreach (var e in Flatten(ex))
            {
                if (e is EnvException env)
                    LogError(env);
                else
                    Log.LogEnvError(EnvCode.ENV0900, ProjectFile, 0, 0, 0, 0, "Cancelled; nothing was changed for the tools that had not finished.");
            }
        }
        catch (Exception ex) when (FileSystemErrorCode is { } code && ex is IOException or UnauthorizedAccessException)
        {
            Log.LogEnvError(code, FileSystemErrorSubject, 0, 0, 0, 0, $"Cannot update {FileSystemErrorSubject}: {ex.Message} Check its permissions.");
            Log.LogMessage(MessageImportance.Low, ex.ToString());
        }
        catch (Exception ex)
        {
            // Not MSB4018 with a stack trace: a coded error that tells a full disk or a permission from a bug. The
            // trace stays available at detailed verbosity, for a report.
            LogError(UnexpectedFailure.From(Flatten(ex).FirstOrDefault(x => x is not EnvException and not OperationCanceledException) ?? ex));
            Log.LogMessage(MessageImportance.Low, ex.ToString());
        }
        return !Log.HasLoggedErrors;
    }

    protected abstract void Run();

    private void LogError(EnvException e)
    {
        var (line, column) = e is ItemException item ? (item.Where.Line, item.Where.Column) : (0, 0);
        Log.LogEnvError(e.Code, e.File ?? ProjectFile, line, column, 0, 0, e.Message);
    }

    private static IEnumerable<Exception> Flatten(Exception ex) => ex switch
    {
        AggregateException agg => agg.InnerExceptions.SelectMany(Flatten),
        _ => [ex],
    };
}
