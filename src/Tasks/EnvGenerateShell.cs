using Env.Core.Shell;
using Env.Core.Store;
using Microsoft.Build.Framework;

namespace Env.Tasks;

/// <summary>The build phase: the profile and the dev shell, from the lock and the store only.</summary>
public sealed class EnvGenerateShell : EnvTaskBase
{
    [Required]
    public string ShellDir { get; set; } = "";

    [Required]
    public string EnvName { get; set; } = "";

    public ITaskItem[] Variables { get; set; } = [];

    [Output]
    public string? ProfilePath { get; set; }

    protected override void Run()
    {
        var specs = ParseTools();
        var variables = Variables.Select(ToVariable).ToList();
        var store = new EnvStore(StoreDir, EnvLog);
        // Restore may be skipped as up to date after a build killed here, while the profile was being staged.
        store.SweepAbandonedStaging();
        var lockFile = Core.Locking.LockFile.Load(LockFile);
        var profile = EnvShellGenerator.Generate(store, lockFile, LockFile, specs, variables, Rid, EnvName, Path.GetFullPath(ProjectFile), ShellDir);
        ProfilePath = profile.Path;
    }

    private EnvVariable ToVariable(ITaskItem item)
    {
        foreach (var name in CustomMetadata(item).Keys)
        {
            if (!string.Equals(name, "Value", StringComparison.OrdinalIgnoreCase))
                throw new Core.Diagnostics.EnvException("ENV0016", $"EnvVar '{item.ItemSpec}' has unknown metadata '{name}'; it takes only Value.", ProjectFile);
        }
        return EnvVariable.Create(item.ItemSpec, item.GetMetadata("Value"), ProjectFile);
    }
}
