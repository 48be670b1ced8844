using System.CommandLine;
using Env.Core.Shell;
using Env.Core.State;

namespace Env.Cli.Verbs;

/// <summary><c>dotnet env hook bash|zsh|fish|pwsh</c>: the auto-activation hook for a startup file (docs/shell-hook.md).</summary>
internal static class HookVerb
{
    public static Command Create()
    {
        var shell = new Argument<string>("SHELL") { Description = "The shell whose startup file evaluates the hook: bash, zsh, fish or pwsh." };
        shell.AcceptOnlyFromAmong([.. PromptHook.Shells]);
        var command = new Command("hook", "Print the prompt hook that activates the nearest built env as you cd (eval \"$(dotnet env hook bash)\" in ~/.bashrc). A prompt where nothing changed starts no process.")
        {
            shell,
        };
        command.SetAction(result =>
        {
            Console.Out.Write(PromptHook.Generate(result.GetValue(shell)!, UserFolders.State));
            return 0;
        });
        return command;
    }
}
