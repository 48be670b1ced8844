using Env.Core.Diagnostics;

namespace Env.Core.Model;

/// <summary>
/// The one policy for every name that becomes a file in a profile's <c>bin/</c>: command names from a
/// package's DotnetToolSettings.xml, the base names of <c>Bin</c> paths and of the executables found in an
/// archive, and the tool name of <c>Executable="true"</c>. Packages and archives are hostile input, so a
/// name must be one plain file name: joined to <c>bin/</c> it can name nothing but a file there.
/// </summary>
public static class CommandName
{
    public const int MaxBytes = 255;

    /// <summary>Null when <paramref name="name"/> is a plain file name; else why it is not, for the message.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "it is empty";
        if (name is "." or "..") return $"'{name}' names a folder, not a file";
        if (name.Contains('/') || name.Contains('\\')) return "it contains a path separator ('/' or '\\')";
        foreach (var c in name)
        {
            // NUL ends the name for the kernel; control characters (newline, escape) forge what a terminal shows.
            if (char.IsControl(c)) return $"it contains the control character U+{(int)c:X4}";
        }
        foreach (var rune in name.EnumerateRunes())
        {
            // Bidi overrides and isolates, zero-width spaces and joiners: "ls\u202Etxt.exe" reads as another name, and
            // "dotnet\u200B" looks like the command it shadows.
            if (PrintableText.IsInvisible(rune)) return $"it contains the invisible character U+{rune.Value:X4} (a bidi control or zero-width character), which makes it read as another name";
        }
        // File systems cap a name at 255 bytes; longer would fail as an I/O error while the profile is written.
        if (System.Text.Encoding.UTF8.GetByteCount(name) > MaxBytes) return $"it is longer than {MaxBytes} bytes";
        // A command named like an option ('-rf') turns "ls $dir/*"-style use into option injection.
        if (name[0] == '-') return "it starts with '-'";
        return null;
    }

    public static bool IsValid(string? name) => Problem(name) is null;

    /// <summary>Throws ENV0017 unless <paramref name="name"/> is a plain file name.</summary>
    /// <param name="origin">Where the name comes from, e.g. "the package's DotnetToolSettings.xml", for the message.</param>
    /// <param name="fix">The next step for the user.</param>
    public static string Check(string? name, string tool, string origin, string fix, string? file)
    {
        if (Problem(name) is { } problem)
        {
            throw new EnvException(EnvCode.ENV0017,
                $"Tool '{tool}': the command name '{PrintableText.Name(name)}' from {origin} is not a plain file name: {problem}. Nothing was installed. {fix}",
                file);
        }
        return name!;
    }
}
