namespace Env.Core.Diagnostics;

/// <summary>
/// Where Core reports progress. MSBuild tasks forward to TaskLoggingHelper, the CLI to the console;
/// Core itself never writes to the console.
/// </summary>
public interface IEnvLog
{
    /// <summary>Progress a user should see at normal verbosity (downloads, store additions).</summary>
    void Info(string message);

    /// <summary>Detail for diagnosing (paths, cache hits).</summary>
    void Detail(string message);

    /// <summary>A coded warning; the printer adds the help suffix (<see cref="CodedMessage"/>).</summary>
    void Warning(EnvCode code, string message, string? file = null);
}

/// <summary>Discards everything; for callers that have no one to tell.</summary>
public sealed class NullEnvLog : IEnvLog
{
    public static readonly NullEnvLog Instance = new();
    public void Info(string message) { }
    public void Detail(string message) { }
    public void Warning(EnvCode code, string message, string? file = null) { }
}
