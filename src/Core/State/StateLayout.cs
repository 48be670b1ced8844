using Env.Core.Diagnostics;

namespace Env.Core.State;

/// <summary>
/// The user's state folder (<c>EnvStateDir</c>): what this machine decided, as opposed to what a checkout brings. It
/// holds the allow records (<see cref="AllowRecord"/>) under <c>dev/</c>, one per env folder, at the folder's absolute
/// path mirrored as folders, so that shell code finds the record of a folder by string operations alone:
/// <c>/home/u/repo</c> → <c>&lt;state&gt;/dev/home/u/repo/.envsdk/</c>. The trailing <c>.envsdk</c> mirrors the real
/// shell folder: two env folders' records then collide only where the real paths would (a file and a folder of one name).
/// </summary>
public sealed class StateLayout
{
    public const string RecordsFolder = "dev";

    public const string RecordFolder = ".envsdk";

    public StateLayout(string stateDir)
    {
        StateDir = Path.TrimEndingDirectorySeparator(Path.GetFullPath(stateDir));
    }

    public string StateDir { get; }

    /// <summary>
    /// The record folder of the env whose project sits in <paramref name="projectDir"/> (an absolute path). Windows
    /// paths lose the drive's colon (<c>C:\src\app</c> → <c>dev\C\src\app</c>) and UNC paths start with <c>UNC</c>.
    /// </summary>
    public string RecordDir(string projectDir) =>
        Path.Combine([StateDir, RecordsFolder, .. Mirror(projectDir), RecordFolder]);

    /// <summary>The path's folders from the root down, as the record's folders; throws ENV0622 for a path that cannot be one.</summary>
    public static IReadOnlyList<string> Mirror(string projectDir)
    {
        if (!Path.IsPathFullyQualified(projectDir))
            throw new Diagnostics.EnvException(EnvCode.ENV0622, $"The project folder '{Diagnostics.PrintableText.Of(projectDir)}' is not an absolute path, so it has no allow record. Build the project by its full path.", null);
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(projectDir));
        var root = Path.GetPathRoot(full) ?? "";
        var parts = new List<string>();
        if (root.StartsWith(@"\\", StringComparison.Ordinal))
            parts.Add("UNC");
        parts.AddRange(root.Split([':', '\\', '/'], StringSplitOptions.RemoveEmptyEntries));
        parts.AddRange(full[root.Length..].Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Where(p => p.Length > 0));
        // GetFullPath removed "." and ".."; checked again because one left would climb out of the state folder.
        if (parts.Any(p => p is "." or ".."))
            throw new Diagnostics.EnvException(EnvCode.ENV0622, $"The project folder '{Diagnostics.PrintableText.Of(projectDir)}' has a '.' or '..' folder, which cannot be mirrored in the state folder.", null);
        return parts;
    }

    /// <summary>
    /// The state folder when nothing was said: <c>$XDG_STATE_HOME/envsdk</c>, else on Windows
    /// <c>%LOCALAPPDATA%\envsdk\state</c>, else <c>~/.local/state/envsdk</c>. Sdk.targets computes the same at
    /// evaluation (<c>EnvStateDir</c>), and the prompt hook is given it; DefaultsTests keeps them equal.
    /// </summary>
    /// <param name="environment">Reads an environment variable (a test gives the environment of a child build).</param>
    public static string DefaultStateDir(Func<string, string?> environment)
    {
        var xdg = environment("XDG_STATE_HOME");
        if (!string.IsNullOrEmpty(xdg)) return Path.Combine(xdg, "envsdk");
        if (OperatingSystem.IsWindows())
            return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "envsdk", "state");
        var home = environment("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".local", "state", "envsdk");
    }
}
