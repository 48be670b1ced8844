using Env.Core.Shell;

namespace Env.Core.Ide;

/// <summary>
/// What EnvVsCode puts in <c>terminal.integrated.env.&lt;os&gt;</c> of this machine's OS (the paths are this
/// machine's): VS Code resolves <c>${env:NAME}</c> and <c>${workspaceFolder}</c> there when it opens a terminal, and
/// paths inside the workspace are written relative to it. An unset variable is null (VS Code removes it). A value
/// holding <c>${</c> is left out, as VS Code would resolve it and has no escape for it.
/// <para>
/// Nothing here reads the environment of whoever builds: the file may be committed, and a value decided by one
/// builder's shell would be resolved in every reader's VS Code (and would go stale when that shell changed, as nothing
/// would rebuild). PATH keeps what the terminal inherits (<c>${env:PATH}</c>; VS Code always has a PATH). Any other
/// list the env adds to is written as the env's entries alone: VS Code resolves <c>${env:NAME}</c> of an unset
/// variable to an empty string and a setting has no way to drop the separator then, so <c>entries:${env:NAME}</c>
/// would give an empty entry, which a search list reads as the current folder. That is also what activate gives a
/// shell where the variable is unset.
/// </para>
/// </summary>
public static class VsCodeTerminalEnv
{
    public static string Setting =>
        "terminal.integrated.env." + (OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "osx" : "linux");

    /// <param name="skipped">Names left out, for a warning.</param>
    public static IReadOnlyList<VsCodeEntry> Entries(ShellActivation activation, string workspace, out IReadOnlyList<string> skipped)
    {
        var separator = Path.PathSeparator.ToString();
        var result = new List<VsCodeEntry>();
        var left = new List<string>();
        // The env's PATH entries as every shell orders them, around the terminal's own PATH.
        result.Add(new VsCodeEntry(Setting, "PATH", string.Join(separator,
            activation.PathFirst.Select(e => Relative(e, workspace)).Append("${env:PATH}").Concat(activation.PathLast.Select(e => Relative(e, workspace))))));
        foreach (var change in activation.Changes)
        {
            // Checked before the workspace's paths become ${workspaceFolder}/…: only the env's own text counts.
            if (change.Prepend.Append(change.Value).Concat(change.Append).Any(v => v.Contains("${", StringComparison.Ordinal)))
            {
                left.Add(change.Name);
                continue;
            }
            string? value = change.Kind switch
            {
                EnvVarOp.Set => Relative(change.Value, workspace),
                EnvVarOp.Unset => null,
                _ => string.Join(separator, change.Prepend.Concat(change.Append).Select(e => Relative(e, workspace))),
            };
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
