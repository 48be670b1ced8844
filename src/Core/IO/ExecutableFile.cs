namespace Env.Core.IO;

/// <summary>What counts as a program in a tool's tree: on Windows its extension, elsewhere its execute bit.</summary>
public static class ExecutableFile
{
    /// <returns>False for a dangling link or a file that cannot be read.</returns>
    public static bool Is(string path)
    {
        if (OperatingSystem.IsWindows()) return Path.GetExtension(path) is ".exe" or ".cmd" or ".bat";
        try
        {
            return (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
