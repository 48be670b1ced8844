using Env.Core.IO;

namespace Env.Core.Adoption;

/// <summary>One file <c>dotnet env init</c> writes: its new text, what it held before (null: it is new), and why.</summary>
public sealed record PlannedFile(string Path, byte[]? Before, string After, string What)
{
    /// <summary>Writes the new text (its folder made when new), atomically, keeping an existing file's mode.</summary>
    public void Write()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        AtomicFile.WriteIfChanged(Path, After);
    }

    /// <summary>Puts the file back as it was before <see cref="Write"/>: its bytes, or no file.</summary>
    public void Undo()
    {
        if (Before is null) File.Delete(Path);
        else AtomicFile.WriteIfChanged(Path, Before);
    }
}
