namespace Env.Core.Shell;

/// <summary>
/// The shells Env.Sdk writes activation for, by the language they read: <see cref="Sh"/> is POSIX sh as bash, zsh
/// and dash read it; <see cref="Pwsh"/> is PowerShell 7; <see cref="Cmd"/> is Windows' cmd.exe.
/// </summary>
public enum ShellFamily
{
    Sh,
    Fish,
    Pwsh,
    Cmd,
}

/// <summary>The names a <c>ShellHook</c> item and <c>dotnet env print --format</c> use for each <see cref="ShellFamily"/>.</summary>
public static class ShellFamilies
{
    public static readonly IReadOnlyList<ShellFamily> All = [ShellFamily.Sh, ShellFamily.Fish, ShellFamily.Pwsh, ShellFamily.Cmd];

    public static string Name(ShellFamily family) => family switch
    {
        ShellFamily.Sh => "sh",
        ShellFamily.Fish => "fish",
        ShellFamily.Pwsh => "pwsh",
        ShellFamily.Cmd => "cmd",
        _ => throw new ArgumentOutOfRangeException(nameof(family)),
    };

    /// <summary>The family named <paramref name="name"/> (exactly: sh, fish, pwsh, cmd), or null.</summary>
    public static ShellFamily? Parse(string name) => All.Select(f => (ShellFamily?)f).FirstOrDefault(f => Name(f!.Value) == name);
}
