using Env.Core.Diagnostics;
using Env.Core.Locking;

namespace Env.Core.Editing;

/// <summary>
/// env.lock.json as it was before <c>dotnet env update</c> built: the build rewrites the lock in its restore, before the
/// shell is made, so a build that fails later would leave a lock for an env.proj that was put back. Restoring these bytes
/// (or removing a lock that was not there) makes the update all or nothing, as <see cref="ProjectEdit.Undo"/> does for env.proj.
/// </summary>
public sealed class LockSnapshot
{
    private readonly string _path;
    private readonly byte[]? _bytes;

    private LockSnapshot(string path, byte[]? bytes)
    {
        _path = path;
        _bytes = bytes;
    }

    /// <summary>The lock's bytes now; the lock was read and checked already (bounded by <see cref="LockFile.MaxBytes"/>).</summary>
    public static LockSnapshot Take(string path)
    {
        if (!File.Exists(path)) return new LockSnapshot(path, null);
        if (new FileInfo(path).Length > LockFile.MaxBytes)
            throw new EnvException(EnvCode.ENV0520, $"The lock file is over {LockFile.MaxBytes >> 20} MiB. Nothing was changed. Replace it with the lock Env.Sdk writes (delete it and build again).", path);
        return new LockSnapshot(path, File.ReadAllBytes(path));
    }

    /// <summary>Puts the lock back as it was (written whole: temp and rename), or removes one the build wrote where there was none.</summary>
    public void Restore()
    {
        if (_bytes is null)
        {
            if (File.Exists(_path)) File.Delete(_path);
            return;
        }
        AtomicFile.WriteIfChanged(_path, _bytes);
    }
}
