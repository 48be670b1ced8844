using Env.Core.Diagnostics;
using Env.Core.Shell;

namespace Env.Core.Home;

/// <summary>
/// Runs a generation's <c>HomeActivation</c> commands in order, once its files are in place, each with
/// <c>/bin/sh -c</c> (<c>cmd /c</c> on Windows) in the home folder and with the generation's session: its tools first on
/// PATH and its variables. Their output is shown line by line; the first that fails stops the switch (ENV0916), which
/// then puts the home back. Each is waited for until it exits, not until its output ends (<see cref="HomeActivationProcess"/>):
/// a background process it starts keeps running, and the switch goes on.
/// </summary>
internal static class HomeActivationRunner
{
    public static void Run(HomeGenerationEntry generation, string homeDir, IEnvLog log, CancellationToken cancellation = default)
    {
        if (generation.Manifest.Activations.Count == 0) return;
        var bin = Path.Combine(generation.Path, HomeGeneration.ProfileFolder, "bin");
        var environment = ActivatedEnvironment.Apply([bin], VariableChange.Of(generation.Manifest.Variables), ActivatedEnvironment.Current());
        foreach (var activation in generation.Manifest.Activations)
        {
            cancellation.ThrowIfCancellationRequested();
            log.Info($"activation {activation.Name}: {activation.Command}");
            int exitCode;
            try
            {
                exitCode = HomeActivationProcess.Run(activation.Command, homeDir, environment, line => log.Info($"  {activation.Name}: {line}"), cancellation);
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new EnvException(EnvCode.ENV0916, $"Activation '{activation.Name}' could not start: {e.Message}.", generation.Path);
            }
            if (exitCode != 0)
                throw new EnvException(EnvCode.ENV0916,
                    $"Activation '{activation.Name}' ({activation.Command}) failed with exit code {exitCode}; its output is above. Fix the command in the configuration, build and switch again.",
                    generation.Path);
        }
    }
}
