namespace Env.Core.Tests;

/// <summary>A private folder under /tmp for one test, removed (read-only bits and all) afterwards.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir(string? prefix = null)
    {
        Path = Directory.CreateTempSubdirectory(prefix ?? "envsdk-test-").FullName;
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose() => ForceDelete(Path);

    /// <summary>Store entries are read-only; make them writable again before deleting.</summary>
    public static void ForceDelete(string path)
    {
        if (!Directory.Exists(path)) return;
        foreach (var dir in Directory.EnumerateDirectories(path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }).Prepend(path))
        {
            try { File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        Directory.Delete(path, recursive: true);
    }
}
