using System.Diagnostics;
using Env.Core.Diagnostics;
using Env.Core.Shell;

namespace Env.Core.Home;

/// <summary>
/// Runs a generation's <c>HomeActivation</c> commands in order, once its files are in place, each with
/// <c>/bin/sh -c</c> (<c>cmd /c</c> on Windows) in the home folder and with the generation's session: its tools first on
/// PATH and its variables. Their output is shown line by line; the first that fails stops the switch (ENV0916), which
/// then puts the home back.
/// </summary>
internal static class HomeActivationRunner
{
    public static void Run(HomeGenerationEntry generation, string homeDir, IEnvLog log)
    {
        if (generation.Manifest.Activations.Count == 0) return;
        var bin = Path.Combine(generation.Path, HomeGeneration.ProfileFolder, "bin");
        var environment = ActivatedEnvironment.Apply([bin], VariableChange.Of(generation.Manifest.Variables), ActivatedEnvironment.Current());
        foreach (var activation in generation.Manifest.Activations)
        {
            log.Info($"activation {activation.Name}: {activation.Command}");
            var start = OperatingSystem.IsWindows()
                ? new ProcessStartInfo("cmd.exe") { ArgumentList = { "/d", "/c", activation.Command } }
                : new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", activation.Command } };
            start.WorkingDirectory = homeDir;
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            start.RedirectStandardInput = true;
            start.UseShellExecute = false;
            start.Environment.Clear();
            foreach (var (name, value) in environment) start.Environment[name] = value;
            using var process = new Process { StartInfo = start };
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) log.Info($"  {activation.Name}: {e.Data}"); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Info($"  {activation.Name}: {e.Data}"); };
            try
            {
                process.Start();
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new EnvException("ENV0916", $"Activation '{activation.Name}' could not start: {e.Message}.", generation.Path);
            }
            process.StandardInput.Close();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new EnvException("ENV0916",
                    $"Activation '{activation.Name}' ({activation.Command}) failed with exit code {process.ExitCode}; its output is above. Fix the command in the configuration, build and switch again.",
                    generation.Path);
        }
    }
}
