using Env.Core.Tools;
using Microsoft.Build.Framework;
using Env.Core.Diagnostics;

namespace Env.Tasks;

/// <summary>
/// Silent mistakes in env.proj, found before restore: an item type that is a near miss of ours (<c>&lt;Tools&gt;</c>,
/// <c>&lt;Tol&gt;</c>: MSBuild takes any item type, so those items would be ignored), a Tool whose Include holds an
/// MSBuild wildcard (it became file names, or nothing), a HomeFile whose Include holds one, and an env with no tools.
/// </summary>
public sealed class EnvCheckProject : EnvTaskBase
{
    public ITaskItem[] Tools { get; set; } = [];

    /// <summary>Home envs may hold dotfiles only: no tools is no mistake there.</summary>
    public string? EnvKind { get; set; }

    protected override void Run()
    {
        foreach (var item in DeclaredItems.Read(ProjectFile))
        {
            if (ItemTypeNames.NearMiss(item.ItemType) is { } meant)
            {
                Log.LogEnvWarning(EnvCode.ENV0035, item.File, item.Line, item.Column, 0, 0,
                    $"Item type '{item.ItemType}' is not one Env.Sdk reads, so MSBuild keeps these items and Env.Sdk ignores them; did you mean '{meant}'? Env.Sdk reads: {string.Join(", ", ItemTypeNames.Known)}.");
            }
            if (string.Equals(item.ItemType, "Tool", StringComparison.OrdinalIgnoreCase) && item.Include is { } include
                && include.IndexOfAny(['?', '*']) >= 0 && !include.Contains("$(") && !include.Contains("@(") && !include.Contains("%("))
            {
                Log.LogEnvError(EnvCode.ENV0037, item.File, item.Line, item.Column, 0, 0,
                    $"Tool Include=\"{include}\": '?' and '*' are MSBuild wildcards, so MSBuild turned it into matching file names (or none at all). Tool names use letters, digits and + - . _ = only.");
            }
            if (string.Equals(item.ItemType, "HomeFile", StringComparison.OrdinalIgnoreCase) && item.Include is { } place
                && place.IndexOfAny(['?', '*']) >= 0 && !place.Contains("$(") && !place.Contains("@(") && !place.Contains("%("))
            {
                Log.LogEnvError(EnvCode.ENV0049, item.File, item.Line, item.Column, 0, 0,
                    $"HomeFile Include=\"{place}\": '?' and '*' are MSBuild wildcards, so MSBuild turned it into names of files in the project's folder (or none at all). Name one place in the home folder; to take a whole folder, end Source with '/'.");
            }
        }
        if (Tools.Length == 0 && !string.Equals(EnvKind, "Home", StringComparison.Ordinal))
        {
            Log.LogEnvWarning(EnvCode.ENV0036, ProjectFile, 0, 0, 0, 0,
                "env.proj declares no Tool items, so the environment has no tools. Add <Tool Include=\"name\" … /> items, or 'dotnet env add PACKAGE'.");
        }
    }
}
