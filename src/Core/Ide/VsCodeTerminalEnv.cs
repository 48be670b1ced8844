using Env.Core.Shell;

namespace Env.Core.Ide;

/// <summary>
/// What EnvVsCode puts in <c>terminal.integrated.env.&lt;os&gt;</c> of this machine's OS (the paths are this
/// machine's): VS Code resolves <c>${env:NAME}</c> and <c>${workspaceFolder}</c> there when it opens a terminal, so
/// PATH and the lists the env adds to keep what the terminal inherits, and paths inside the workspace are written
/// relative to it. An unset variable is null (VS Code removes it). A value holding <c>${</c> is left out, as VS Code
/// would resolve it and has no escape for it.
/// </summary>
public static class VsCodeTerminalEnv
{
    public static string Setting =>
        "terminal.integrated.env." + (OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "osx" : "linux");

    /// <param name="current">The build's environment: a list the env adds to gets <c>${env:NAME}</c> only if it was set, so an unset one gains no empty entry (the current folder, in a search list).</param>
    /// <param name="skipped">Names left out, for a warning.</param>
    public static IReadOnlyList<VsCodeEntry> Entries(ShellActivation activation, string workspace, IReadOnlyDictionary<string, string> current, out IReadOnlyList<string> skipped)
    {
        var separator = Path.PathSeparator.ToString();
        var result = new List<VsCodeEntry>();
        var left = new List<string>();
        result.Add(new VsCodeEntry(Setting, "PATH", string.Join(separator, activation.PathEntries.Select(e => Relative(e, workspace)).Append("${env:PATH}"))));
        foreach (var change in activation.Changes)
        {
            string? value = change.Kind switch
            {
                EnvVarOp.Set => change.Value,
                EnvVarOp.Unset => null,
                _ => string.Join(separator, change.Prepend
                    .Append(string.IsNullOrEmpty(current.GetValueOrDefault(change.Name)) ? null : "\0")
                    .Concat(change.Append).Where(e => e is not null)),
            };
            if (value is not null && value.Contains("${", StringComparison.Ordinal))
            {
                left.Add(change.Name);
                continue;
            }
            if (change.AddsEntries)
                value = string.Join(separator, value!.Split(Path.PathSeparator).Select(e => e == "\0" ? "${env:" + change.Name + "}" : Relative(e, workspace)));
            else if (value is not null)
                value = Relative(value, workspace);
            result.Add(new VsCodeEntry(Setting, change.Name, value));
        }
        skipped = left;
        return result;
    }

    /// <summary>A path inside the workspace as <c>${workspaceFolder}/…</c>, so the entry holds for every clone.</summary>
    private static string Relative(string value, string workspace)
    {
        var root = Path.TrimEndingDirectorySeparator(workspace) + Path.DirectorySeparatorChar;
        return value.StartsWith(root, StringComparison.Ordinal) ? "${workspaceFolder}" + Path.DirectorySeparatorChar + value[root.Length..] : value;
    }
}
