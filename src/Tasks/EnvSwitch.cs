using Env.Core.Diagnostics;
using Env.Core.Git;
using Env.Core.Home;

namespace Env.Tasks;

/// <summary>
/// <c>dotnet build env.proj -t:Switch</c>: switches the home to the generation the build just made (<c>.envsdk/result</c>),
/// as <c>dotnet env switch</c> does, through the same Core.
/// </summary>
public sealed class EnvSwitch : EnvTaskBase
{
    /// <summary>The store the generation lives in (EnvStoreDir).</summary>
    [Microsoft.Build.Framework.Required]
    public string StoreDir { get; set; } = "";

    /// <summary>The home folder switched (the targets give $HOME); empty: the user's profile folder.</summary>
    public string? HomeDir { get; set; }

    /// <summary>The build's link to its generation.</summary>
    [Microsoft.Build.Framework.Required]
    public string ResultLink { get; set; } = "";

    [Microsoft.Build.Framework.Required]
    public string StateDir { get; set; } = "";

    /// <summary>EnvBackupExtension: move a user's file in the way to PATH.EXT instead of stopping.</summary>
    public string? BackupExtension { get; set; }

    protected override void Run()
    {
        var entry = new FileInfo(ResultLink).LinkTarget
            ?? throw new EnvException(EnvCode.ENV0922, $"{ResultLink} does not exist: this env built no home generation. Set <EnvKind>Home</EnvKind> in env.proj.", ProjectFile);
        var home = string.IsNullOrEmpty(HomeDir) ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : HomeDir!;
        var switcher = new HomeSwitcher(StateDir, StoreDir, home, EnvLog);
        var source = switcher.Current()?.Entry == entry ? null : Source();
        var result = switcher.Switch(entry, new HomeSwitchOptions(string.IsNullOrEmpty(BackupExtension) ? null : BackupExtension, source));
        var plan = result.Plan;
        Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High, result.ChangedNothing
            ? $"{Path.GetFileNameWithoutExtension(ProjectFile)} -> generation {result.Generation} is current and in place ({plan.Unchanged} files)"
            : $"{Path.GetFileNameWithoutExtension(ProjectFile)} -> switched to {(result.NewGeneration ? "new " : "")}generation {result.Generation}: {plan.Creates.Count} created, {plan.Replaces.Count} replaced, {plan.Removes.Count} removed, {plan.Backups.Count} backed up");
    }

    private GenerationSource Source()
    {
        var revision = GitRevision.Of(Path.GetDirectoryName(Path.GetFullPath(ProjectFile))!);
        return new GenerationSource(Path.GetFullPath(ProjectFile), null, revision?.Commit, revision?.Dirty ?? false);
    }
}
