using Env.Core.Shell;

namespace Env.Tasks;

/// <summary>Clean: the generated dev shell goes; store entries stay (other environments may share them).</summary>
public sealed class EnvCleanShell : EnvShellTask
{
    protected override string ErrorCode => "ENV0601";

    protected override void Run(ShellFolder folder)
    {
        foreach (var kept in folder.Clean())
            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal, $"Kept {kept}: Env.Sdk did not generate it.");
    }
}
