using Env.Core.Diagnostics;

namespace Env.Core.Tests.Fetching;

/// <summary>Every line Core logs, in order, to check what a fetch said (and that no secret is in any of it).</summary>
internal sealed class SharingLog : IEnvLog
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines { get { lock (_lines) return _lines.ToList(); } }

    public string Text => string.Join('\n', Lines);

    public void Info(string message) { lock (_lines) _lines.Add("info: " + message); }

    public void Detail(string message) { lock (_lines) _lines.Add("detail: " + message); }

    public void Warning(EnvCode code, string message, string? file = null) { lock (_lines) _lines.Add($"warning {code}: {message}"); }
}
