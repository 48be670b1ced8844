using Env.Core.Diagnostics;

namespace Env.Cli;

/// <summary>
/// Core's progress on stderr (stdout is kept for what a verb prints as its result: <c>outdated --json</c>), detail only
/// at <c>-v d</c> or more, warnings as <c>ENVnnnn: message</c>. On a terminal a download is one line redrawn in place, a
/// bar with bytes, rate and time left; redirected, it is a plain line every couple of seconds; quiet, nothing.
/// </summary>
internal sealed class ConsoleEnvLog(string? verbosity) : IEnvLog, ITransferDisplay
{
    private readonly bool _quiet = verbosity is "q" or "quiet";
    private readonly bool _detailed = verbosity is "d" or "detailed" or "diag" or "diagnostic";
    private readonly bool _terminal = !Console.IsErrorRedirected;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TimeSpan> _lastLine = new(StringComparer.Ordinal);
    private bool _barShown;

    public void Info(string message)
    {
        if (!_quiet) Write(message);
    }

    public void Detail(string message)
    {
        if (_detailed) Write(message);
    }

    public void Warning(EnvCode code, string message, string? file = null) => Write(CodedMessage.Line(code, message));

    public void Show(TransferStatus status)
    {
        if (_quiet) return;
        lock (_gate)
        {
            if (_terminal)
            {
                Console.Error.Write("\r" + TransferBar.Render(status, Width()) + "\u001b[K");
                _barShown = true;
                return;
            }
            // Redirected (CI, a pipe): a line every two seconds per transfer, as MSBuild's log gets.
            if (status.Elapsed - _lastLine.GetValueOrDefault(status.What) < TimeSpan.FromSeconds(2)) return;
            _lastLine[status.What] = status.Elapsed;
            Console.Error.WriteLine(TransferBar.Line(status));
        }
    }

    public void Done(TransferStatus status)
    {
        lock (_gate)
        {
            _lastLine.Remove(status.What);
            ClearBar();
        }
    }

    private void Write(string line)
    {
        lock (_gate)
        {
            ClearBar();
            Console.Error.WriteLine(line);
        }
    }

    private void ClearBar()
    {
        if (!_barShown) return;
        Console.Error.Write("\r\u001b[K");
        _barShown = false;
    }

    private static int Width()
    {
        try
        {
            return Console.WindowWidth is > 20 and var w ? w : 80;
        }
        catch (IOException)
        {
            return 80;
        }
    }
}
