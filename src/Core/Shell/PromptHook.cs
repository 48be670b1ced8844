using Env.Core.Diagnostics;
using Env.Core.State;

namespace Env.Core.Shell;

/// <summary>
/// The auto-activation hook <c>dotnet env hook SHELL</c> prints for a startup file (<c>eval "$(dotnet env hook bash)"</c>),
/// as <c>direnv hook</c> and <c>mise activate</c> do, but written so that a prompt where nothing changed starts no
/// process: shell code compares <c>$PWD</c> and the active env's record id with what it saw last and returns. Otherwise
/// it walks up from <c>$PWD</c> to the nearest folder holding <c>.envsdk/activate</c> or an allow record
/// (<see cref="AllowRecord"/>, found by string operations on the path), deactivates what it activated before, and
/// sources the RECORD's copy of the activate script, never the checkout's: a script no build on this machine recorded
/// (blocked), or one edited since (the checkout's copy differs), is ignored with a one-line notice. Notices go to
/// stderr once per change; <c>ENVSDK_HOOK_QUIET=1</c> silences them. Helpers are named <c>_envsdk_*</c> (functions)
/// and <c>_ENVSDK_*</c> (variables); nothing fails under <c>set -eu</c>, and <c>$?</c> is kept for the prompt.
/// </summary>
public static class PromptHook
{
    public static readonly IReadOnlyList<string> Shells = ["bash", "zsh", "fish", "pwsh"];

    /// <param name="shell">bash, zsh, fish or pwsh.</param>
    /// <param name="stateDir">Where the allow records are: <c>StateLayout.DefaultStateDir</c>, as the build has it.</param>
    public static string Generate(string shell, string stateDir)
    {
        var state = new StateLayout(stateDir).StateDir;
        return shell switch
        {
            "bash" => PosixPromptHook.Generate(state, bash: true),
            "zsh" => PosixPromptHook.Generate(state, bash: false),
            "fish" => FishPromptHook.Generate(state),
            "pwsh" => PwshPromptHook.Generate(state),
            _ => throw new EnvException(EnvCode.ENV0623, $"There is no prompt hook for the shell '{PrintableText.Of(shell)}'; the hook is written for {string.Join(", ", Shells)}.", null),
        };
    }
}
