using Env.Core.Diagnostics;

namespace Env.Core.Ide;

/// <summary>
/// Which VS Code settings file EnvVsCode may change: <c>&lt;folder&gt;/.vscode/settings.json</c> where the folder is
/// env.proj's own or one above it — the workspace the user opens to work on the env — and nothing on the way is a
/// link. Anything else (another name, a folder beside or below the project) is refused (ENV0832): the property and
/// the record may come with a checkout, and must not make a build write elsewhere.
/// </summary>
public static class VsCodeWorkspace
{
    public const string FolderName = ".vscode";

    public const string FileName = "settings.json";

    /// <summary>The settings file's full path, once proven to be one EnvVsCode may change.</summary>
    public static string Check(string settingsFile, string projectFile)
    {
        var full = Path.GetFullPath(settingsFile);
        var vscode = Path.GetDirectoryName(full);
        var workspace = vscode is null ? null : Path.GetDirectoryName(vscode);
        var projectDir = Path.GetDirectoryName(Path.GetFullPath(projectFile))!;
        if (Path.GetFileName(full) != FileName || Path.GetFileName(vscode) != FolderName || workspace is null || !IsSameOrAbove(workspace, projectDir))
        {
            throw new EnvException(EnvCode.ENV0832,
                $"EnvVsCodeSettingsFile {full} is not .vscode/settings.json in the project's folder or a folder above it ({projectDir}); Env.Sdk changes no other file. Set it to <workspace>/.vscode/settings.json, where <workspace> holds env.proj.",
                projectFile);
        }
        foreach (var path in new[] { vscode!, full })
        {
            if (new FileInfo(path).LinkTarget is { } target)
            {
                throw new EnvException(EnvCode.ENV0831,
                    $"{path} is a symbolic link (to {target}); Env.Sdk does not write VS Code's settings through links. Replace the link with the real file, or turn EnvVsCode off.",
                    projectFile);
            }
        }
        if (Directory.Exists(full) || File.Exists(vscode))
            throw new EnvException(EnvCode.ENV0831, $"{full}: {(File.Exists(vscode) ? vscode + " is a file" : "it is a folder")}, not VS Code's settings; Env.Sdk will not change it.", projectFile);
        return full;
    }

    private static bool IsSameOrAbove(string folder, string projectDir)
    {
        var a = Path.TrimEndingDirectorySeparator(folder);
        var b = Path.TrimEndingDirectorySeparator(projectDir);
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return b.Equals(a, comparison) || b.StartsWith(a.EndsWith(Path.DirectorySeparatorChar) ? a : a + Path.DirectorySeparatorChar, comparison);
    }
}
