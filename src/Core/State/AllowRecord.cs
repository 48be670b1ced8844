using System.Security.Cryptography;
using System.Text;
using Env.Core.Diagnostics;

namespace Env.Core.State;

/// <summary>
/// The allow record of one env: copies of the scripts a build on this machine generated, and an <c>id</c> file (a
/// short hash of the scripts the prompt hook sources, one line) written last, so that a hook reading a new id finds the
/// new scripts already in place. Building the env is the allow; <c>dotnet clean</c> removes the record. The prompt hook
/// sources only these copies, never the checkout's files, which a clone may bring. Every file is written whole (temp
/// and rename) and only when it changes, never through a link, and only inside the state folder; the id file's time
/// is renewed by every build, so "env.proj is newer than the record" means "edited since the last build".
/// </summary>
public static class AllowRecord
{
    public const string IdFile = "id";

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Refuses (ENV0620, ENV0621) a record that cannot be written safely, before anything is written.</summary>
    public static void CheckWritable(StateLayout layout, string projectDir, IEnumerable<string> names)
    {
        var dir = ProvenRecordDir(layout, projectDir);
        CheckFolders(layout, dir);
        foreach (var name in names.Append(IdFile)) CheckFile(dir, name);
    }

    /// <summary>
    /// Writes <paramref name="files"/> into the record, then the id of those named in <paramref name="hashed"/>.
    /// </summary>
    /// <param name="renewed">Files whose time is renewed though their content did not change, as the id's always is: outputs
    /// of a build's Inputs/Outputs, which left at an older time would stay older than an input updated since, so that every
    /// later build would run again.</param>
    /// <returns>Whether any file's content changed.</returns>
    public static bool Write(StateLayout layout, string projectDir, IReadOnlyList<(string Name, string Content)> files, IReadOnlyCollection<string> hashed,
        IReadOnlyCollection<string>? renewed = null)
    {
        var dir = ProvenRecordDir(layout, projectDir);
        try
        {
            CheckWritable(layout, projectDir, files.Select(f => f.Name));
            Directory.CreateDirectory(dir);
            // Made just now, and checked again: a link put in place meanwhile is refused all the same.
            CheckFolders(layout, dir);
            var changed = false;
            foreach (var (name, content) in files) changed |= WriteWhole(Path.Combine(dir, name), content);
            var id = Id(files.Where(f => hashed.Contains(f.Name)).Select(f => f.Content));
            changed |= WriteWhole(Path.Combine(dir, IdFile), id + "\n");
            var now = DateTime.UtcNow;
            foreach (var name in renewed ?? []) File.SetLastWriteTimeUtc(Path.Combine(dir, name), now);
            File.SetLastWriteTimeUtc(Path.Combine(dir, IdFile), now);
            return changed;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EnvException(EnvCode.ENV0624, $"Cannot write the allow record {dir}: {e.Message} Check the permissions of the state folder (EnvStateDir, {layout.StateDir}).", null, e);
        }
    }

    /// <summary>What the name of a mark (<see cref="Mark"/>) starts with.</summary>
    public const string MarkPrefix = "checked-";

    /// <summary>
    /// Leaves the empty file <paramref name="name"/> in the record, a mark whose name is what it says (Shell's
    /// ShellCheckMark), and removes the record's other marks. Nothing when there is no record yet: a build writes it.
    /// </summary>
    public static void Mark(StateLayout layout, string projectDir, string name)
    {
        if (!name.StartsWith(MarkPrefix, StringComparison.Ordinal)) throw new ArgumentException($"'{name}' is not a mark name.", nameof(name));
        var dir = ProvenRecordDir(layout, projectDir);
        try
        {
            CheckFolders(layout, dir);
            if (!Directory.Exists(dir)) return;
            CheckFile(dir, name);
            WriteWhole(Path.Combine(dir, name), "");
            foreach (var other in Directory.EnumerateFiles(dir, MarkPrefix + "*"))
            {
                if (Path.GetFileName(other) != name) File.Delete(other);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EnvException(EnvCode.ENV0624, $"Cannot write the allow record {dir}: {e.Message} Check the permissions of the state folder (EnvStateDir, {layout.StateDir}).", null, e);
        }
    }

    /// <summary>
    /// Disallows the env: deletes the record's files of <paramref name="names"/> and its id (regular files only) and
    /// its marks, then the folders left empty up to <c>dev/</c>. A nested env's record below stays.
    /// </summary>
    /// <returns>Whether anything was removed.</returns>
    public static bool Remove(StateLayout layout, string projectDir, IEnumerable<string> names)
    {
        var dir = ProvenRecordDir(layout, projectDir);
        try
        {
            CheckFolders(layout, dir);
            if (!Directory.Exists(dir)) return false;
            var removed = false;
            // The id first: a hook that still sees the scripts without an id treats the env as never built.
            foreach (var name in names.Prepend(IdFile))
            {
                CheckFile(dir, name);
                var path = Path.Combine(dir, name);
                if (File.Exists(path)) { File.Delete(path); removed = true; }
                foreach (var temp in Directory.EnumerateFiles(dir, name + ".tmp-*")) File.Delete(temp);
            }
            // Whatever sits at a mark's name goes: a link is removed itself, never what it leads to.
            foreach (var mark in Directory.EnumerateFiles(dir, MarkPrefix + "*")) File.Delete(mark);
            var records = Path.Combine(layout.StateDir, StateLayout.RecordsFolder);
            for (var d = dir; d.Length > records.Length && !Directory.EnumerateFileSystemEntries(d).Any(); d = Path.GetDirectoryName(d)!)
                Directory.Delete(d);
            return removed;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new EnvException(EnvCode.ENV0624, $"Cannot remove the allow record {dir}: {e.Message} Check the permissions of the state folder (EnvStateDir, {layout.StateDir}).", null, e);
        }
    }

    /// <summary>Sixteen hex digits of SHA-256 over the contents, each prefixed by its length so no two lists collide.</summary>
    public static string Id(IEnumerable<string> contents)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var content in contents)
        {
            var bytes = Utf8NoBom.GetBytes(content);
            sha.AppendData(Encoding.ASCII.GetBytes(bytes.Length + "\n"));
            sha.AppendData(bytes);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }

    /// <summary>The record folder, proved to lie inside the state folder's <c>dev/</c> (ENV0622 otherwise).</summary>
    private static string ProvenRecordDir(StateLayout layout, string projectDir)
    {
        var dir = Path.GetFullPath(layout.RecordDir(projectDir));
        var records = Path.Combine(layout.StateDir, StateLayout.RecordsFolder) + Path.DirectorySeparatorChar;
        if (!dir.StartsWith(records, StringComparison.Ordinal))
            throw new EnvException(EnvCode.ENV0622, $"The allow record of {PrintableText.Of(projectDir)} would lie outside the state folder {layout.StateDir}; nothing was written.", null);
        return dir;
    }

    /// <summary>Below the state folder (which the user chose, and may link), every folder of the record must be a real folder.</summary>
    private static void CheckFolders(StateLayout layout, string dir)
    {
        var relative = Path.GetRelativePath(layout.StateDir, dir);
        var path = layout.StateDir;
        foreach (var part in relative.Split(Path.DirectorySeparatorChar))
        {
            path = Path.Combine(path, part);
            var info = new DirectoryInfo(path);
            if (info.LinkTarget is { } target)
                throw new EnvException(EnvCode.ENV0620, $"{path} in the state folder is a symbolic link (to {target}); Env.Sdk does not write allow records through links. Remove the link.", null);
            if (File.Exists(path))
                throw new EnvException(EnvCode.ENV0620, $"{path} in the state folder is a file where the allow record needs a folder. Remove it (it is not Env.Sdk's), or set EnvStateDir elsewhere.", null);
            if (!info.Exists) return;
        }
    }

    private static void CheckFile(string dir, string name)
    {
        if (name.Length == 0 || name.IndexOfAny(['/', '\\']) >= 0 || name is "." or "..")
            throw new ArgumentException($"'{name}' is not a file name.", nameof(name));
        var path = Path.Combine(dir, name);
        var info = new FileInfo(path);
        if (info.LinkTarget is not null || Directory.Exists(path))
            throw new EnvException(EnvCode.ENV0621, $"{path} in the allow record is a symbolic link or a folder, which Env.Sdk did not make; it writes only regular files there. Remove it and build again.", null);
    }

    /// <summary>Whether the record file is a plain file with exactly <paramref name="content"/>; anything else (a fifo, a link) is replaced.</summary>
    private static bool IsAlready(string path, string content)
    {
        try
        {
            return StateFile.TryRead(path, Utf8NoBom.GetByteCount(content)) is { } bytes && Utf8NoBom.GetString(bytes) == content;
        }
        catch (StateFileException)
        {
            return false;
        }
    }

    /// <summary>Temp and rename: O_EXCL refuses a link at the temp name, and rename replaces a name, never writes through one.</summary>
    private static bool WriteWhole(string path, string content)
    {
        if (IsAlready(path, content)) return false;
        var temp = path + $".tmp-{Environment.ProcessId}";
        if (File.Exists(temp) || new FileInfo(temp).LinkTarget is not null) File.Delete(temp);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
                stream.Write(Utf8NoBom.GetBytes(content));
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        return true;
    }
}
