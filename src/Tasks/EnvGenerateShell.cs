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

    [Output]
    public string? ProfilePath { get; set; }

    protected override void Run()
    {
        var specs = ParseTools();
        var variables = ParseVariables();
        var store = new EnvStore(ResolvedStoreDir, EnvLog);
        // Restore may be skipped as up to date after a build killed here, while the profile was being staged.
        store.SweepAbandonedStaging();
        var lockFile = Core.Locking.LockFile.Load(LockFile);
        var profile = EnvShellGenerator.Generate(store, lockFile, LockFile, specs, variables, Rid, EnvName, Path.GetFullPath(ProjectFile), ShellDir);
        ProfilePath = profile.Path;
    }
}
