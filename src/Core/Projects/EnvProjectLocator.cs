using Env.Core.Diagnostics;

namespace Env.Core.Projects;

/// <summary>
/// Which env.proj a command means: the one named, or the nearest one from a folder upward, as git finds its
/// repository. <c>dotnet env</c> is run from anywhere inside a repo, and an env nested deeper wins over an outer one.
/// </summary>
public static class EnvProjectLocator
{
    public const string FileName = "env.proj";

    /// <param name="path">A project file, a folder to search from, or null for <paramref name="currentDirectory"/>.</param>
    /// <returns>The full path of the env project.</returns>
    public static string Find(string? path, string currentDirectory)
    {
        var start = Path.GetFullPath(path ?? ".", currentDirectory);
        if (File.Exists(start)) return start;
        if (!Directory.Exists(start))
            throw new EnvException(EnvCode.ENV0701, $"{start} does not exist. Name an env.proj, or a folder at or below one.", start);
        return TryFind(start) ?? throw new EnvException(EnvCode.ENV0702,
            $"No {FileName} in {start} or any folder above it. Run this inside a repository that has one, pass its path, or create one (see docs/env-proj.md).",
            start);
    }

    /// <summary>The nearest env.proj at or above <paramref name="folder"/>, or null: a few stats, no exception.</summary>
    public static string? TryFind(string folder)
    {
        for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, FileName);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
