namespace Env.Core.Diagnostics;

/// <summary>
/// A failure the user can act on: a stable code (listed in docs/errors.md), the file it concerns,
/// and a message that says what went wrong and what to do next.
/// </summary>
public class EnvException : Exception
{
    public EnvException(string code, string message, string? file = null, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        File = file;
    }

    /// <summary>ENVnnnn; see docs/errors.md.</summary>
    public string Code { get; }

    /// <summary>The file the error is about (env.proj, the lock, an archive), when there is one.</summary>
    public string? File { get; }

    public override string ToString() => $"{Code}: {Message}";
}
