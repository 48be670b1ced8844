using Env.Core.Diagnostics;
using Env.Core.Shell;

namespace Env.Core.Ide;

/// <summary>
/// EnvVsCode: merges the env into VS Code's <c>.vscode/settings.json</c> and takes it out again. What was added is
/// recorded (<see cref="VsCodeRecord"/>); each build first takes out the recorded entries whose value is still the
/// one written (a value the user changed since is theirs, and stays, with a warning), then adds the env's entries
/// but never over a variable the user set themselves. Every check (paths, links, the file's syntax, duplicate keys,
/// a setting that is not an object) happens before anything is written; files are written whole (temp and rename),
/// only when they change, and keep their comments, formatting, line breaks and byte order mark (<see cref="JsoncText"/>).
/// </summary>
public static class VsCodeSettings
{
    /// <summary>The most bytes of a settings file Env.Sdk reads; a real one is a few KiB.</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    /// <param name="settingsFile">Where to merge; null: take the env out (EnvVsCode off, or clean).</param>
    /// <param name="wanted">The entries to merge (<see cref="VsCodeTerminalEnv"/>); ignored when <paramref name="settingsFile"/> is null.</param>
    /// <returns>Warnings for the user (a value they changed, left in place).</returns>
    public static IReadOnlyList<string> Apply(string projectFile, string shellDir, string? settingsFile, IReadOnlyList<VsCodeEntry> wanted)
    {
        var folder = new ShellFolder(shellDir, projectFile);
        folder.CheckWritable([ShellFolder.VsCodeRecord]);
        var record = VsCodeRecord.Read(folder, projectFile);
        var warnings = new List<string>();
        var files = new Dictionary<string, Target>(StringComparer.Ordinal);

        if (record is not null)
        {
            var old = Load(files, VsCodeWorkspace.Check(record.SettingsFile, projectFile), projectFile);
            old.CreatedFile = record.CreatedFile;
            old.CreatedSettings.UnionWith(record.CreatedSettings);
            if (old.Text is not null) TakeOut(old, record.Entries, warnings);
        }
        VsCodeRecord? next = null;
        if (settingsFile is not null)
        {
            var target = Load(files, VsCodeWorkspace.Check(settingsFile, projectFile), projectFile);
            if (target.Text is null)
            {
                target.Text = JsoncText.Read([], target.Path);
                target.CreatedFile = true;
            }
            var added = Merge(target, wanted, warnings);
            next = new VsCodeRecord(target.Path, target.CreatedFile, target.CreatedSettings.Order(StringComparer.Ordinal).ToList(), added);
        }

        // Everything is checked: now write.
        foreach (var t in files.Values)
        {
            if (t.Text is null) continue;
            DropEmptyCreations(t);
            t.Write();
        }
        if (next is not null) next.Write(folder);
        else if (record is not null) File.Delete(Path.Combine(folder.Path, ShellFolder.VsCodeRecord));
        return warnings;
    }

    private sealed class Target(string path, JsoncText? text, string? projectFile)
    {
        public string Path { get; } = path;
        public JsoncText? Text { get; set; } = text;
        public bool CreatedFile { get; set; }
        public HashSet<string> CreatedSettings { get; } = new(StringComparer.Ordinal);
        public string? ProjectFile { get; } = projectFile;

        public void Write()
        {
            if (Text is null) return;
            var vscode = System.IO.Path.GetDirectoryName(Path)!;
            if (CreatedFile && Text.IsBlank(Text.Root))
            {
                if (File.Exists(Path)) File.Delete(Path);
                if (Directory.Exists(vscode) && !Directory.EnumerateFileSystemEntries(vscode).Any()) Directory.Delete(vscode);
                return;
            }
            try
            {
                // The user's file keeps its mode; AtomicFile compares, and writes whole through a rename, never through a link.
                UnixFileMode? mode = !OperatingSystem.IsWindows() && File.Exists(Path) ? File.GetUnixFileMode(Path) : null;
                AtomicFile.WriteIfChanged(Path, Text.ToBytes(), mode);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new EnvException(EnvCode.ENV0834, $"Cannot write {Path}: {e.Message} Check its permissions, or turn EnvVsCode off.", ProjectFile);
            }
        }
    }

    private static Target Load(Dictionary<string, Target> files, string path, string projectFile)
    {
        if (files.TryGetValue(path, out var known)) return known;
        JsoncText? text = null;
        if (File.Exists(path))
        {
            if (new FileInfo(path).Length > MaxBytes)
                throw new EnvException(EnvCode.ENV0830, $"{path} is over {MaxBytes} bytes; Env.Sdk will not change it. Turn EnvVsCode off.", projectFile);
            text = JsoncText.Read(File.ReadAllBytes(path), path);
        }
        return files[path] = new Target(path, text, projectFile);
    }

    private static void TakeOut(Target t, IReadOnlyList<VsCodeEntry> entries, List<string> warnings)
    {
        foreach (var e in entries)
        {
            var setting = SettingObject(t, e.Setting, create: false);
            if (setting is null) continue;
            var member = Single(t, setting, e.Name);
            if (member is null) continue;
            if (Holds(member, e.Value)) t.Text!.Remove(setting, member);
            else warnings.Add($"{t.Path}: \"{e.Setting}\" \"{e.Name}\" was changed since Env.Sdk wrote it, so it is left as it is; remove it yourself if it is no longer wanted.");
        }
    }

    private static List<VsCodeEntry> Merge(Target t, IReadOnlyList<VsCodeEntry> wanted, List<string> warnings)
    {
        var added = new List<VsCodeEntry>();
        foreach (var e in wanted)
        {
            var setting = SettingObject(t, e.Setting, create: true)!;
            var member = Single(t, setting, e.Name);
            if (member is not null)
            {
                if (!Holds(member, e.Value))
                    warnings.Add($"{t.Path}: \"{e.Setting}\" already sets \"{e.Name}\", so the env's value is not written there; remove yours to get the env's.");
                continue;
            }
            t.Text!.Insert(setting, e.Name, JsoncText.Literal(e.Value));
            added.Add(e);
        }
        return added;
    }

    /// <summary>The settings object of that name (created when asked and absent); a value of another kind or a duplicate key is refused.</summary>
    private static JsoncObject? SettingObject(Target t, string name, bool create)
    {
        var text = t.Text!;
        var found = text.Root.Named(name);
        if (found.Count > 1) throw Duplicate(t, name);
        if (found.Count == 1)
        {
            if (found[0].Object is { } obj) return obj;
            if (found[0].IsNull && !create) return null;
            throw new EnvException(EnvCode.ENV0830, $"{t.Path}: \"{name}\" is not an object, so Env.Sdk cannot add variables to it. Make it an object ({{}}), remove it, or turn EnvVsCode off.", t.ProjectFile);
        }
        if (!create) return null;
        text.Insert(text.Root, name, "{}");
        t.CreatedSettings.Add(name);
        return text.Root.Named(name)[0].Object;
    }

    private static JsoncMember? Single(Target t, JsoncObject setting, string name)
    {
        var found = setting.Named(name);
        if (found.Count > 1) throw Duplicate(t, name);
        return found.Count == 0 ? null : found[0];
    }

    private static bool Holds(JsoncMember member, string? value) => value is null ? member.IsNull : member.Text == value;

    /// <summary>A settings object Env.Sdk created and left empty goes (the file it created goes in <see cref="Target.Write"/>).</summary>
    private static void DropEmptyCreations(Target t)
    {
        foreach (var name in t.CreatedSettings.ToList())
        {
            var found = t.Text!.Root.Named(name);
            if (found.Count == 1 && found[0].Object is { } obj && t.Text.IsBlank(obj))
            {
                t.Text.Remove(t.Text.Root, found[0]);
                t.CreatedSettings.Remove(name);
            }
        }
    }

    private static EnvException Duplicate(Target t, string name) =>
        new(EnvCode.ENV0830, $"{t.Path} names \"{name}\" twice; VS Code uses the last, and Env.Sdk will not guess which to change. Keep one.", t.ProjectFile);
}
