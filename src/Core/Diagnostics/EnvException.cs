namespace Env.Core.Diagnostics;

/// <summary>
/// A failure the user can act on: a stable code (listed in docs/errors.md), the file it concerns,
/// and a message that says what went wrong and what to do next.
/// </summary>
public class EnvException : Exception
{
    public EnvException(EnvCode code, string message, string? file = null, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        File = file;
    }

    /// <summary>ENVnnnn; see docs/errors.md.</summary>
    public EnvCode Code { get; }

    /// <summary>The file the error is about (env.proj, the lock, an archive), when there is one.</summary>
    public string? File { get; }

    /// <summary><see cref="Exception.Message"/> as the user reads it: ending with where to read more.</summary>
    public string MessageWithHelp => CodedMessage.WithHelp(Code, Message);

    public override string ToString() => CodedMessage.Line(Code, Message);
}
