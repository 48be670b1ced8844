namespace Env.Sdk.Tests;

/// <summary>One step of a GitHub Actions workflow file as the tests run it: its name, <c>if:</c>, and <c>run:</c> script.</summary>
public sealed record WorkflowStep(string? Name, string? If, string? Uses, string? Run);

/// <summary>
/// The steps of the workflows in docs/ci/, read as GitHub reads the forms those files use (a step starts with <c>- </c>;
/// <c>run: |</c> takes the lines indented deeper than the key; <c>run: X</c> is one line), so each <c>run:</c> script
/// can be run for real by a test. No YAML library: a form these files do not use fails the test instead of being guessed.
/// </summary>
public static class WorkflowSteps
{
    public static IReadOnlyList<WorkflowStep> Read(string file)
    {
        var lines = File.ReadAllLines(file);
        var steps = new List<WorkflowStep>();
        int? stepsIndent = null;
        var keyIndent = -1;
        Dictionary<string, string>? current = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].TrimStart();
            var indent = lines[i].Length - trimmed.Length;
            if (stepsIndent is null)
            {
                if (trimmed == "steps:") stepsIndent = indent;
                continue;
            }
            if (trimmed.Length == 0 || trimmed.StartsWith('#')) continue;
            if (indent <= stepsIndent) break;
            if (trimmed.StartsWith("- ", StringComparison.Ordinal))
            {
                if (current is not null) steps.Add(Step(current));
                current = [];
                keyIndent = indent + 2;
                trimmed = trimmed[2..];
                indent = keyIndent;
            }
            // Keys under with: or env: are the actions' own.
            if (current is null || indent != keyIndent) continue;
            var colon = trimmed.IndexOf(':');
            if (colon < 0) throw new NotSupportedException($"{file}:{i + 1}: not a key: {trimmed}");
            var key = trimmed[..colon];
            var value = trimmed[(colon + 1)..].Trim();
            if (key == "run" && value.Length > 0 && value[0] is '|' or '>')
            {
                if (value != "|") throw new NotSupportedException($"{file}:{i + 1}: 'run: {value}' is a form the tests do not read; use 'run: |'.");
                var block = new List<string>();
                var blockIndent = -1;
                while (i + 1 < lines.Length && (lines[i + 1].Trim().Length == 0 || lines[i + 1].Length - lines[i + 1].TrimStart().Length > keyIndent))
                {
                    var next = lines[++i];
                    if (next.Trim().Length == 0) { block.Add(""); continue; }
                    if (blockIndent < 0) blockIndent = next.Length - next.TrimStart().Length;
                    block.Add(next[blockIndent..]);
                }
                current[key] = string.Join("\n", block).TrimEnd() + "\n";
            }
            else
            {
                current[key] = value;
            }
        }
        if (current is not null) steps.Add(Step(current));
        return steps;
    }

    private static WorkflowStep Step(Dictionary<string, string> keys) =>
        new(keys.GetValueOrDefault("name"), keys.GetValueOrDefault("if"), keys.GetValueOrDefault("uses"), keys.GetValueOrDefault("run"));
}
