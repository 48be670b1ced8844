namespace Env.Cli;

/// <summary>
/// Ctrl+C as a cancellation, for work that must stop between steps rather than die in one (a switch, which then puts the
/// home back). A second Ctrl+C is left to the default: the process ends, and the next command finishes from the journal.
/// </summary>
internal static class CtrlC
{
    public static CancellationToken Token()
    {
        var source = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            if (source.IsCancellationRequested) return;
            e.Cancel = true;
            source.Cancel();
        };
        return source.Token;
    }
}
