using System.Security.Cryptography;
using System.Text;
using Env.Core;
using Env.Core.Diagnostics;
using Env.Core.IO;
using Env.Core.Profiles;
using Env.Core.Shell;
using Env.Core.State;

namespace Env.Cli;

/// <summary>
/// Starts an interactive shell inside a built env. Shells that can source a file after their own startup files
/// (bash, zsh, fish, PowerShell, cmd) start from the user's environment and source the env's activate script last, so
/// <c>envsdk_deactivate</c> and the env's ShellHooks work as if the user had sourced it, and a PATH set by
/// ~/.bashrc cannot push the env's tools back. Other shells get the env in their environment.
/// </summary>
internal static class ShellLauncher
{
    public static readonly string[] Known = ["bash", "zsh", "fish", "pwsh", "cmd", "sh", "dash"];

    public static string Choose(string? requested)
    {
        if (!string.IsNullOrEmpty(requested)) return requested;
        if (Environment.GetEnvironmentVariable("SHELL") is { Length: > 0 } shell) return shell;
        return OperatingSystem.IsWindows() ? Environment.GetEnvironmentVariable("ComSpec") ?? "cmd" : "sh";
    }

    public static int Start(BuiltEnv env, string shell)
    {
        var name = Path.GetFileNameWithoutExtension(shell);
        var current = ActivatedEnvironment.Current();
        // The allow record's copies (what this machine's build wrote), never the checkout's scripts.
        var activate = Path.Combine(env.RecordDir, ShellFolder.Activate);
        IReadOnlyDictionary<string, string> environment = current;
        string[] args;
        switch (name)
        {
            case "bash":
                args = ["--rcfile", StartupFile("bashrc", $"if [ -f \"$HOME/.bashrc\" ]; then . \"$HOME/.bashrc\"; fi\n. {ShellQuote.Posix(activate)}\n"), "-i"];
                break;
            case "zsh":
                var zdotdir = ZshStartupFolder(activate);
                current["_ENVSDK_USER_ZDOTDIR"] = current.GetValueOrDefault("ZDOTDIR") ?? "";
                current["ZDOTDIR"] = zdotdir;
                args = ["-i"];
                break;
            case "fish":
                args = ["-C", "source " + ShellQuote.Fish(Path.Combine(env.RecordDir, ShellFolder.ActivateFish))];
                break;
            case "pwsh" or "powershell":
                args = ["-NoExit", "-Command", ". " + ShellQuote.PowerShell(Path.Combine(env.RecordDir, ShellFolder.ActivatePwsh))];
                break;
            case "cmd":
                // Not run here (no Windows): /K keeps cmd open after the activate script, which records what deactivate.cmd restores.
                args = ["/K", Path.Combine(env.ShellDir, ActivateScript.FileName(ShellFamily.Cmd))];
                break;
            default:
                environment = ActivatedEnvironment.Apply(env.Manifest, current);
                args = [];
                break;
        }
        return ProgramRunner.Run(shell, args, environment);
    }

    /// <summary>
    /// zsh reads its startup files from $ZDOTDIR only: this folder's .zshenv and .zshrc hand over to the user's own
    /// (from their ZDOTDIR, else HOME), then source the env.
    /// </summary>
    private static string ZshStartupFolder(string activate)
    {
        const string userDir = "${_ENVSDK_USER_ZDOTDIR:-$HOME}";
        var zshenv = $"if [[ -f \"{userDir}/.zshenv\" ]]; then source \"{userDir}/.zshenv\"; fi\n";
        var zshrc = "if [[ -n $_ENVSDK_USER_ZDOTDIR ]]; then ZDOTDIR=$_ENVSDK_USER_ZDOTDIR; else unset ZDOTDIR; fi\n"
            + "unset _ENVSDK_USER_ZDOTDIR\n"
            + "if [[ -f \"${ZDOTDIR:-$HOME}/.zshrc\" ]]; then source \"${ZDOTDIR:-$HOME}/.zshrc\"; fi\n"
            + $"source {ShellQuote.Posix(activate)}\n";
        var folder = Path.Combine(StartupDir(), "zsh-" + Id(zshenv + zshrc));
        Directory.CreateDirectory(folder);
        AtomicFile.WriteIfChanged(Path.Combine(folder, ".zshenv"), zshenv);
        AtomicFile.WriteIfChanged(Path.Combine(folder, ".zshrc"), zshrc);
        return folder;
    }

    /// <summary>A startup file named for its content, so concurrent shells share it and none is ever rewritten under another.</summary>
    private static string StartupFile(string kind, string content)
    {
        var path = Path.Combine(StartupDir(), $"{kind}-{Id(content)}");
        AtomicFile.WriteIfChanged(path, content);
        return path;
    }

    private static string StartupDir()
    {
        var dir = Path.Combine(UserFolders.State, "shell");
        Directory.CreateDirectory(dir);
        var info = new DirectoryInfo(dir);
        if (info.LinkTarget is not null)
            throw new EnvException(EnvCode.ENV0708, $"{dir} is a symbolic link; dotnet env writes its shell startup files only into a real folder of its own. Remove the link.");
        return dir;
    }

    private static string Id(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)))[..16];
}
