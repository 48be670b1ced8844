using Env.Core.Ide;
using Env.Core.Shell;
using Microsoft.Build.Framework;
using Env.Core.Diagnostics;

namespace Env.Tasks;

/// <summary>
/// EnvVsCode: merges the built env (read from env.json) into VS Code's settings, or, with no <see cref="SettingsFile"/>,
/// takes out what an earlier build merged (EnvVsCode turned off, or clean). Core does the work (<see cref="VsCodeSettings"/>).
/// </summary>
public sealed class EnvVsCodeSettings : EnvShellTask
{
    /// <summary>EnvVsCodeSettingsFile; empty: take the env out of the file the record names.</summary>
    public string SettingsFile { get; set; } = "";

    protected override EnvCode? FileSystemErrorCode => EnvCode.ENV0834;

    protected override void Run(ShellFolder folder)
    {
        var project = Path.GetFullPath(ProjectFile);
        IReadOnlyList<VsCodeEntry> wanted = [];
        string? target = null;
        if (!string.IsNullOrEmpty(SettingsFile))
        {
            target = VsCodeWorkspace.Check(SettingsFile, project);
            var envJson = Path.Combine(folder.Path, ShellFolder.EnvJson);
            var manifest = EnvManifest.Parse(File.ReadAllBytes(envJson), envJson);
            var workspace = Path.GetDirectoryName(Path.GetDirectoryName(target))!;
            // Never the builder's environment: the file is the same whoever builds it (VsCodeTerminalEnv).
            wanted = VsCodeTerminalEnv.Entries(manifest.Activation, workspace, out var skipped);
            foreach (var name in skipped)
                Log.LogEnvWarning(EnvCode.ENV0836, project, 0, 0, 0, 0,
                    $"EnvVar '{name}' is not written to {target}: its value holds '${{', which VS Code would resolve as a variable and cannot escape, so VS Code's terminal goes without it. Where it is needed, activate the env in that terminal (the activate script for your shell in {folder.Path}), or change the value.");
        }
        foreach (var warning in VsCodeSettings.Apply(project, folder.Path, target, wanted))
            Log.LogEnvWarning(EnvCode.ENV0835, project, 0, 0, 0, 0, warning);
    }
}
