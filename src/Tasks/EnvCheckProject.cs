using Env.Core.Tools;
using Microsoft.Build.Framework;
using Env.Core.Diagnostics;

namespace Env.Tasks;

/// <summary>
/// Silent mistakes in env.proj, found before restore: an item type that is a near miss of ours (<c>&lt;Tools&gt;</c>,
/// <c>&lt;Tol&gt;</c>: MSBuild takes any item type, so those items would be ignored), a Tool whose Include holds an
/// MSBuild wildcard (it became file names, or nothing), a HomeFile or HomeFragment whose Include holds one, an env with
/// no tools; and in a home env, the modules' declarations of themselves (ENV0064) and names near a module's option that
/// are none (ENV0065, ENV0066: <see cref="Core.Home.HomeModuleOptionCheck"/>).
/// </summary>
public sealed class EnvCheckProject : EnvTaskBase
{
    public ITaskItem[] Tools { get; set; } = [];

    /// <summary>Home envs may hold dotfiles only: no tools is no mistake there.</summary>
    public string? EnvKind { get; set; }

    /// <summary>The HomeModule items of the modules the env uses (each module's Sdk.props declares itself).</summary>
    public ITaskItem[] HomeModules { get; set; } = [];

    public ITaskItem[] HomeModuleOptions { get; set; } = [];

    /// <summary>The home configuration the SDK imports (homes/NAME.props): options are written there too.</summary>
    public string? HomeConfigurationFile { get; set; }

    protected override void Run()
    {
        var modules = Core.Home.HomeModuleCatalog.Parse(Items(HomeModules), Items(HomeModuleOptions), ProjectFile);
        var optionNames = modules.SelectMany(m => m.Options).Select(o => o.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var item in DeclaredItems.Read(ProjectFile))
        {
            if (!optionNames.Contains(item.ItemType) && ItemTypeNames.NearMiss(item.ItemType) is { } meant)
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
            if ((string.Equals(item.ItemType, "HomeFile", StringComparison.OrdinalIgnoreCase) || string.Equals(item.ItemType, "HomeFragment", StringComparison.OrdinalIgnoreCase)) && item.Include is { } place
                && place.IndexOfAny(['?', '*']) >= 0 && !place.Contains("$(") && !place.Contains("@(") && !place.Contains("%("))
            {
                Log.LogEnvError(EnvCode.ENV0049, item.File, item.Line, item.Column, 0, 0,
                    $"{item.ItemType} Include=\"{place}\": '?' and '*' are MSBuild wildcards, so MSBuild turned it into names of files in the project's folder (or none at all). Name one place in the home folder; to take a whole folder, end Source with '/'.");
            }
        }
        if (modules.Count > 0)
        {
            var written = Core.Home.HomeWrittenNames.Read(ProjectFile, string.IsNullOrEmpty(HomeConfigurationFile) ? [] : [HomeConfigurationFile!]);
            foreach (var w in Core.Home.HomeModuleOptionCheck.Check(modules, written, ItemTypeNames.Known.ToList()))
                Log.LogEnvWarning(w.Code, w.File, w.Line, w.Column, 0, 0, w.Message);
        }
        if (Tools.Length == 0 && !string.Equals(EnvKind, "Home", StringComparison.Ordinal))
        {
            Log.LogEnvWarning(EnvCode.ENV0036, ProjectFile, 0, 0, 0, 0,
                "env.proj declares no Tool items, so the environment has no tools. Add <Tool Include=\"name\" … /> items, or 'dotnet env add PACKAGE'.");
        }
    }

    private static IReadOnlyList<(string, IReadOnlyDictionary<string, string>)> Items(ITaskItem[] items) =>
        items.Select(i =>
        {
            var custom = i.CloneCustomMetadata();
            var metadata = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (string key in custom.Keys) metadata[key] = i.GetMetadata(key);
            return (i.ItemSpec, (IReadOnlyDictionary<string, string>)metadata);
        }).ToList();
}
