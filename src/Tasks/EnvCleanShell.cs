using Env.Core.Shell;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Env.Tasks;

/// <summary>Clean: the generated dev shell goes; store entries stay (other environments may share them).</summary>
public sealed class EnvCleanShell : Microsoft.Build.Utilities.Task
{
    [Required]
    public string ShellDir { get; set; } = "";

    public override bool Execute()
    {
        try
        {
            DevShell.Clean(ShellDir);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.LogError(null, "ENV0601", null, ShellDir, 0, 0, 0, 0, $"Cannot clean {ShellDir}: {ex.Message}. Check its permissions.");
        }
        return !Log.HasLoggedErrors;
    }
}
