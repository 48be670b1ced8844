using Env.Core.Diagnostics;
using Env.Core.Shell;
using Microsoft.Build.Framework;

namespace Env.Tasks;

/// <summary>
/// In a project that uses an env (Microsoft.NET.Sdk with <c>&lt;Sdk Name="Env.Sdk" /&gt;</c>): applies the env's activation
/// (env.json) to this build's environment, so the project's Exec tasks, tools (a ToolTask such as VSTest's) and the test
/// host they start see the env's commands on PATH and its variables.
/// </summary>
/// <remarks>
/// MSBuild keeps an environment per project request: it saves it when a request yields or ends and sets the build's
/// original environment for the next one (RequestBuilder), so what this task sets reaches this project's later
/// targets and no other project, on this node or a reused one. EnvironmentTests prove that on a real solution.
/// </remarks>
public sealed class EnvActivate : EnvShellTask
{
    protected override EnvCode? FileSystemErrorCode => EnvCode.ENV0804;

    protected override void Run(ShellFolder folder)
    {
        var file = Path.Combine(folder.Path, ShellFolder.EnvJson);
        var manifest = EnvManifest.TryLoad(file)
            ?? throw new EnvException(EnvCode.ENV0803, $"The env {ProjectFile} is not built ({file} is missing or from another Env.Sdk version). Build it: dotnet build \"{ProjectFile}\".", ProjectFile);
        var current = ActivatedEnvironment.Current();
        var target = ActivatedEnvironment.Apply(manifest, current);
        // Already active (a shell with direnv or the prompt hook, or an earlier target of this request): adding to PATH
        // and lists again would only repeat entries, but a value the env sets may have changed since the shell activated.
        var active = current.GetValueOrDefault(ActivatedEnvironment.EnvMarker) == manifest.Project
            && current.GetValueOrDefault("PATH", "").StartsWith(string.Join(Path.PathSeparator, manifest.PathEntries), StringComparison.Ordinal);
        var lists = manifest.Activation.Changes.Where(c => c.Kind is not (EnvVarOp.Set or EnvVarOp.Unset)).Select(c => c.Name).Append("PATH")
            .ToHashSet(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        var changed = 0;
        foreach (var name in current.Keys.Union(target.Keys).ToList())
        {
            if (active && lists.Contains(name)) continue;
            var value = target.GetValueOrDefault(name);
            if (value == current.GetValueOrDefault(name)) continue;
            Environment.SetEnvironmentVariable(name, value);
            changed++;
        }
        Log.LogMessage(MessageImportance.Low, $"Env.Sdk: {manifest.Name} applied to this project's build ({changed} variables changed).");
    }
}
