using Env.Core.Shell;
using Microsoft.Build.Framework;

namespace Env.Tasks;

/// <summary>
/// Runs before restore and build: refuses a shell folder Env.Sdk may not write (a link, or a file of the user's at
/// one of its names) before anything is written, and forgets the stamps when the profile link dangles (a cleaned
/// store), which timestamps cannot see, so restore refetches and build regenerates.
/// </summary>
public sealed class EnvCheckShell : EnvShellTask
{
    [Required]
    public string RestoreStamp { get; set; } = "";

    [Required]
    public string BuildStamp { get; set; } = "";

    /// <summary>
    /// True for a home env, whose build also links <c>result</c> to its generation: something of the user's there is
    /// refused too, and a generation gone from the store (or the link removed) builds again.
    /// </summary>
    public bool HomeResult { get; set; }

    protected override void Run(ShellFolder folder)
    {
        var stamps = new[] { StampName(folder, RestoreStamp), StampName(folder, BuildStamp) };
        folder.CheckWritable([.. DevShell.Generated, .. stamps, .. (HomeResult ? [ShellFolder.Result] : Array.Empty<string>())]);
        var gone = !Directory.Exists(Path.Combine(folder.Path, ShellFolder.Profile, "bin"))
            || (HomeResult && !File.Exists(Path.Combine(folder.Path, ShellFolder.Result, Core.Home.HomeGeneration.ManifestFile)));
        if (File.Exists(BuildStamp) && gone) folder.ForgetStamps(stamps);
    }
}
