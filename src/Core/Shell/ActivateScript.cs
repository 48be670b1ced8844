namespace Env.Core.Shell;

/// <summary>
/// One entry point to every shell's activate script, for the build (with hooks) and for <c>dotnet env print</c>
/// (without: <c>hook</c> null), from a <see cref="ShellActivation"/> alone (<see cref="ShellActivation.FromEnvJson"/>).
/// </summary>
public static class ActivateScript
{
    /// <summary>The script's text; <paramref name="hook"/> is that family's ShellHook text, or null for none.</summary>
    public static string Generate(ShellFamily family, ShellActivation activation, string? hook = null) => family switch
    {
        ShellFamily.Sh => PosixActivateScript.Generate(activation, hook),
        ShellFamily.Fish => FishActivateScript.Generate(activation, hook),
        ShellFamily.Pwsh => PwshActivateScript.Generate(activation, hook),
        ShellFamily.Cmd => CmdActivateScript.Generate(activation, hook),
        _ => throw new ArgumentOutOfRangeException(nameof(family)),
    };

    /// <summary>The file in the shell folder that holds <paramref name="family"/>'s script.</summary>
    public static string FileName(ShellFamily family) => family switch
    {
        ShellFamily.Sh => ShellFolder.Activate,
        ShellFamily.Fish => ShellFolder.ActivateFish,
        ShellFamily.Pwsh => ShellFolder.ActivatePwsh,
        ShellFamily.Cmd => ShellFolder.ActivateCmd,
        _ => throw new ArgumentOutOfRangeException(nameof(family)),
    };
}
