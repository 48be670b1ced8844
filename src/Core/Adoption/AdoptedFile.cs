using Env.Core.Diagnostics;
using Env.Core.IO;

namespace Env.Core.Adoption;

/// <summary>
/// How <c>dotnet env init</c> reads a repository's file it imports or adds to (the tool manifest, global.json,
/// nuget.config, a solution, .gitignore): a checkout's file, so hostile. Only a regular file, never through a link
/// (init writes where it read, and a link could point it anywhere), bounded in size.
/// </summary>
public static class AdoptedFile
{
    /// <summary>The bytes, or null when nothing is there. ENV0790 for a link, a fifo, a folder or a file too large.</summary>
    public static byte[]? Read(string path, long maxBytes)
    {
        try
        {
            return StateFile.TryRead(path, maxBytes);
        }
        catch (StateFileException e)
        {
            throw Unusable(path, e.Why);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unusable(path, e.Message);
        }
    }

    public static EnvException Unusable(string path, string reason) =>
        new(EnvCode.ENV0790, $"dotnet env init cannot use {path}: {reason}. Fix or move it, then run dotnet env init again. Nothing was changed.", path);
}
