using Env.Core.Shell;
using Microsoft.Build.Framework;

namespace Env.Tasks;

/// <summary>Marks a phase done for Inputs/Outputs: a stamp of ours in the shell folder, written now.</summary>
public sealed class EnvWriteStamp : EnvShellTask
{
    [Required]
    public string Stamp { get; set; } = "";

    /// <summary>The restore's summary line, carried to the build phase (see EnvRestore.Summary).</summary>
    public string? Summary { get; set; }

    protected override void Run(ShellFolder folder) => folder.WriteStamp(StampName(folder, Stamp), Summary ?? "");
}
