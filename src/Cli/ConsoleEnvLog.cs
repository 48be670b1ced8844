using Env.Core.Diagnostics;

namespace Env.Cli;

/// <summary>
/// Core's progress on stderr (stdout is kept for what a verb prints as its result: <c>outdated --json</c>), detail only
/// at <c>-v d</c> or more, warnings as <c>ENVnnnn: message</c>.
/// </summary>
internal sealed class ConsoleEnvLog(string? verbosity) : IEnvLog
{
    private readonly bool _quiet = verbosity is "q" or "quiet";
    private readonly bool _detailed = verbosity is "d" or "detailed" or "diag" or "diagnostic";

    public void Info(string message)
    {
        if (!_quiet) Console.Error.WriteLine(message);
    }

    public void Detail(string message)
    {
        if (_detailed) Console.Error.WriteLine(message);
    }

    public void Warning(string code, string message, string? file = null) => Console.Error.WriteLine($"{code}: {message}");
}
