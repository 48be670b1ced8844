namespace Env.Core.Diagnostics;

/// <summary>
/// How a coded message reads wherever it reaches a user (the CLI's stderr, MSBuild's log): ending with the command that
/// prints the code's entry of docs/errors.md. That command works for a user who installed only the tool (the CLI carries
/// the doc), where a link would need a network and a browser. Raise sites never write it: every printer goes through here.
/// </summary>
public static class CodedMessage
{
    /// <summary>The message, then <c>(dotnet env help ENVnnnn)</c>.</summary>
    public static string WithHelp(EnvCode code, string message) => $"{message} {Suffix(code)}";

    /// <summary><c>ENVnnnn: message (dotnet env help ENVnnnn)</c>, as the CLI prints an error or warning.</summary>
    public static string Line(EnvCode code, string message) => $"{code}: {WithHelp(code, message)}";

    /// <summary><c>(dotnet env help ENVnnnn)</c>; the targets' &lt;Error&gt; texts end with it too.</summary>
    public static string Suffix(EnvCode code) => $"(dotnet env help {code})";
}
