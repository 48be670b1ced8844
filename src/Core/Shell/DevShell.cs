using Env.Core.Store;
using Newtonsoft.Json;

namespace Env.Core.Shell;

/// <summary>
/// The generated <c>.envsdk/</c> folder beside env.proj: a <c>profile</c> link to the profile entry,
/// <c>activate</c> for POSIX shells, <c>env.json</c> for other tools, and a <c>.gitignore</c> of <c>*</c>
/// so the folder never reaches git. Each file is rewritten only when its content changes.
/// </summary>
public static class DevShell
{
    public const string FolderName = ".envsdk";

    /// <returns>Whether anything changed.</returns>
    public static bool Write(string shellDir, string projectFile, StoreEntry profile, IReadOnlyList<EnvVariable> variables)
    {
        Directory.CreateDirectory(shellDir);
        var changed = false;
        // A .gitignore the user already keeps there is theirs to manage.
        var gitignore = Path.Combine(shellDir, ".gitignore");
        if (!File.Exists(gitignore)) changed |= AtomicFile.WriteIfChanged(gitignore, GitIgnore);
        changed |= AtomicFile.ReplaceSymlink(Path.Combine(shellDir, "profile"), profile.Path);

        // Through the link, so a rebuild reaches shells that are already active.
        var pathEntries = new[] { Path.Combine(Path.GetFullPath(shellDir), "profile", "bin") };
        changed |= AtomicFile.WriteIfChanged(Path.Combine(shellDir, "activate"), PosixActivateScript.Generate(projectFile, pathEntries, variables));
        changed |= AtomicFile.WriteIfChanged(Path.Combine(shellDir, "env.json"), EnvJson(projectFile, profile, pathEntries, variables));
        return changed;
    }

    /// <summary>The files <see cref="Write"/> and the build's stamps leave in the folder.</summary>
    private static readonly string[] Generated = ["activate", "env.json", "profile"];

    private const string GitIgnore = "*\n";

    /// <summary>
    /// Removes what Env.Sdk generated, file by file (the profile link itself, never what it points to), and the
    /// folder only when nothing else is left: the user may have pointed it at a folder that holds their files.
    /// </summary>
    public static void Clean(string shellDir)
    {
        if (!Directory.Exists(shellDir)) return;
        foreach (var name in Generated)
        {
            var path = Path.Combine(shellDir, name);
            if (File.Exists(path) || new FileInfo(path).LinkTarget is not null) File.Delete(path);
        }
        foreach (var stamp in Directory.EnumerateFiles(shellDir, ".*.stamp")) File.Delete(stamp);
        var gitignore = Path.Combine(shellDir, ".gitignore");
        if (File.Exists(gitignore) && File.ReadAllText(gitignore) == GitIgnore) File.Delete(gitignore);
        if (!Directory.EnumerateFileSystemEntries(shellDir).Any()) Directory.Delete(shellDir);
    }

    private static string EnvJson(string projectFile, StoreEntry profile, IReadOnlyList<string> pathEntries, IReadOnlyList<EnvVariable> variables)
    {
        var doc = new
        {
            format = 1,
            project = projectFile,
            profile = profile.Path,
            path = pathEntries,
            variables = variables.ToDictionary(v => v.Name, v => v.Value),
        };
        return JsonConvert.SerializeObject(doc, Formatting.Indented).ReplaceLineEndings("\n") + "\n";
    }
}
