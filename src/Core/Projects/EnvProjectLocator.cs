using Env.Core.Diagnostics;

namespace Env.Core.Projects;

/// <summary>
/// Which env.proj a command means: the one named, or a repository's env found from any folder in it. The one rule every
/// consumer follows (the CLI's verbs, the prompt hooks, direnv, <c>&lt;Sdk Name="Env.Sdk" /&gt;</c>): from a folder
/// upward, as git finds its repository, the first folder that has <c>env.proj</c> or <c>env/env.proj</c>, the first of
/// the two winning. <c>env/env.proj</c> is the recommended layout: the root keeps a single solution, so every
/// project-less <c>dotnet build/test/pack/format</c> there still works (two project files at the root are MSB1011).
/// An env nested deeper wins over an outer one.
/// </summary>
public static class EnvProjectLocator
{
    public const string FileName = "env.proj";

    /// <summary>The folder of the recommended layout, below a repository's root: <c>env/env.proj</c>.</summary>
    public const string FolderName = "env";

    /// <param name="path">A project file, a folder to search from, or null for <paramref name="currentDirectory"/>.</param>
    /// <returns>The full path of the env project.</returns>
    public static string Find(string? path, string currentDirectory)
    {
        var start = Path.GetFullPath(path ?? ".", currentDirectory);
        if (File.Exists(start)) return start;
        if (!Directory.Exists(start))
            throw new EnvException(EnvCode.ENV0701, $"{start} does not exist. Name an env.proj, or a folder at or below one.", start);
        return TryFind(start) ?? throw new EnvException(EnvCode.ENV0702,
            $"No {FileName} (nor {FolderName}/{FileName}) in {start} or any folder above it. Run this inside a repository that has one, pass its path, or create one with 'dotnet env init'.",
            start);
    }

    /// <summary>The env of <paramref name="folder"/> by the rule above, or null: a few stats, no exception.</summary>
    public static string? TryFind(string folder)
    {
        for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
            if (At(dir.FullName) is { } found) return found;
        return null;
    }

    /// <summary>The env that <paramref name="folder"/> itself holds: its env.proj, else its env/env.proj, else null.</summary>
    public static string? At(string folder)
    {
        var here = Path.Combine(folder, FileName);
        if (File.Exists(here)) return here;
        var below = Path.Combine(folder, FolderName, FileName);
        return File.Exists(below) ? below : null;
    }
}
