using Env.Core.Diagnostics;
using Env.Core.Shell;

namespace Env.Core.Home;

/// <summary>
/// Runs a generation's commands once its files are in place: the <c>OnChange</c> commands due (<see cref="HomeOnChange"/>),
/// then the <c>HomeActivation</c> commands in the order the generation lists them. Each with <c>/bin/sh -c</c>
/// (<c>cmd /c</c> on Windows) in the home folder and with the generation's session: its tools first on PATH and its
/// variables. Their output is shown line by line; the first that fails stops the switch (ENV0916), which then puts the
/// home back. Each is waited for until it exits, not until its output ends (<see cref="HomeActivationProcess"/>): a
/// background process it starts keeps running, and the switch goes on.
/// </summary>
internal static class HomeActivationRunner
{
    public static void Run(HomeGenerationEntry generation, IReadOnlyList<HomeOnChangeEntry> onChange, string homeDir, IEnvLog log, CancellationToken cancellation = default)
    {
        var commands = onChange.Select(c => new Step($"onChange ~/{c.Place}", $"onChange ~/{c.Place}", $"OnChange of ~/{c.Place}", c.Command))
            .Concat(generation.Manifest.Activations.Select(a => new Step($"activation {a.Name}", a.Name, $"Activation '{a.Name}'", a.Command)))
            .ToList();
        if (commands.Count == 0) return;
        var bin = Path.Combine(generation.Path, HomeGeneration.ProfileFolder, "bin");
        var environment = ActivatedEnvironment.Apply([bin], VariableChange.Of(generation.Manifest.Variables), ActivatedEnvironment.Current());
        foreach (var step in commands)
        {
            cancellation.ThrowIfCancellationRequested();
            log.Info($"{step.Label}: {step.Command}");
            int exitCode;
            try
            {
                exitCode = HomeActivationProcess.Run(step.Command, homeDir, environment, line => log.Info($"  {step.Prefix}: {line}"), cancellation);
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new EnvException(EnvCode.ENV0916, $"{step.Subject} could not start: {e.Message}.", generation.Path);
            }
            if (exitCode != 0)
                throw new EnvException(EnvCode.ENV0916,
                    $"{step.Subject} ({step.Command}) failed with exit code {exitCode}; its output is above. Fix the command in the configuration, build and switch again.",
                    generation.Path);
        }
    }

    /// <param name="Label">The line that says it starts.</param>
    /// <param name="Prefix">What each line of its output is shown after.</param>
    /// <param name="Subject">How a failure names it.</param>
    private sealed record Step(string Label, string Prefix, string Subject, string Command);
}
