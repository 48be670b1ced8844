using Env.Core.Home;
using Env.Core.Shell;
using Env.Core.Store;
using Microsoft.Build.Framework;

namespace Env.Tasks;

/// <summary>The build phase: the profile and the dev shell, from the lock and the store only.</summary>
public sealed class EnvGenerateShell : EnvProjectTask
{
    [Required]
    public string ShellDir { get; set; } = "";

    [Required]
    public string EnvName { get; set; } = "";

    /// <summary>The user's state folder (EnvStateDir), where the build records the env as allowed for the prompt hook and direnv.</summary>
    [Required]
    public string StateDir { get; set; } = "";

    /// <summary>Files Sdk.targets imports by a property (the home configuration), recorded in env.json as inputs.</summary>
    public ITaskItem[] ImportedBySdk { get; set; } = [];

    [Output]
    public string? ProfilePath { get; set; }

    /// <summary>The home configuration chosen (HomeConfiguration), recorded in the generation's manifest.</summary>
    public string? HomeConfiguration { get; set; }

    /// <summary>The most bytes a home env's files may hold together (EnvMaxUnpackedSize).</summary>
    public long MaxUnpackedSize { get; set; } = Core.Tools.InstallSettings.DefaultMaxUnpackedBytes;

    /// <summary>A home env's generation entry (what <c>result</c> links to); empty for other envs.</summary>
    [Output]
    public string? GenerationPath { get; set; }

    /// <summary>The restore stamp, which carries the last restore's summary line (see EnvRestore.Summary).</summary>
    public string? RestoreStamp { get; set; }

    /// <summary>The build stamp: a restore newer than it has not been reported yet.</summary>
    public string? BuildStamp { get; set; }

    /// <summary>
    /// What the restore since the last build changed, and the tools this platform does not have, for the line the build
    /// ends with; empty when there is nothing to say.
    /// </summary>
    [Output]
    public string Summary { get; set; } = "";

    protected override void Run()
    {
        // Taken first: whether this build phase succeeds or not, no later one says what that restore did.
        var restoreSummary = TakeRestoreSummary();
        var specs = ParseTools();
        var variables = ParseVariables();
        var hooks = ParseShellHooks();
        var aliases = ParseShellAliases();
        var store = new EnvStore(StoreDir, EnvLog);
        // Restore may be skipped as up to date after a build killed here, while the profile was being staged.
        store.SweepAbandonedStaging();
        var lockFile = LoadLock();
        var imported = ImportedBySdk.Select(i => i.GetMetadata("FullPath")).Where(File.Exists).ToList();
        // A home env also makes its generation and links it as result in the shell folder.
        if (ParseHome(HomeConfiguration, MaxUnpackedSize) is { } home)
        {
            var (profile, generation) = HomeEnvBuilder.Generate(store, lockFile, LockFile, specs, variables, hooks, Rid, EnvName, Path.GetFullPath(ProjectFile), ShellDir, StateDir,
                imported, home, CancellationToken, aliases);
            ProfilePath = profile.Path;
            GenerationPath = generation.Path;
            ForgetOtherListings();
        }
        else
        {
            ProfilePath = EnvShellGenerator.Generate(store, lockFile, LockFile, specs, variables, hooks, Rid, EnvName, Path.GetFullPath(ProjectFile), ShellDir, StateDir, imported, aliases: aliases).Path;
        }
        // Said once, on the line the build ends with (a message, not a warning: env.proj says so on purpose).
        var absent = Core.Model.ToolSelection.Survey(specs, Rid).AbsentNote;
        Summary = string.Join("; ", new[] { restoreSummary, absent }.Where(p => !string.IsNullOrEmpty(p)));
    }

    /// <summary>
    /// A home env's build stamp is named for its sources' listing (Environment.targets): the stamps of other listings go,
    /// so that going back to one (a file added, then removed) builds again instead of finding that listing's old stamp.
    /// </summary>
    private void ForgetOtherListings()
    {
        if (string.IsNullOrEmpty(BuildStamp)) return;
        var name = Path.GetFileName(BuildStamp);
        var cut = name.IndexOf("-home", StringComparison.Ordinal);
        if (cut < 0) return;
        var folder = new ShellFolder(ShellDir, ProjectFile);
        folder.ForgetStamps(Directory.EnumerateFiles(folder.Path, name[..(cut + "-home".Length)] + "*.stamp").Select(f => Path.GetFileName(f)).Where(n => n != name));
    }

    /// <summary>What the restore before this build phase did, once (<see cref="ShellFolder.TakeStampSummary"/>).</summary>
    private string TakeRestoreSummary()
    {
        if (string.IsNullOrEmpty(RestoreStamp) || !File.Exists(RestoreStamp)) return "";
        if (!string.IsNullOrEmpty(BuildStamp) && File.Exists(BuildStamp) && File.GetLastWriteTimeUtc(BuildStamp) >= File.GetLastWriteTimeUtc(RestoreStamp)) return "";
        return new ShellFolder(ShellDir, ProjectFile).TakeStampSummary(Path.GetFileName(RestoreStamp));
    }
}
