using System.CommandLine;

namespace Env.Cli.Verbs;

/// <summary>
/// <c>--project PATH</c> for the verbs whose argument is something else (a package, a tool name), as <c>dotnet add
/// package</c> takes it.
/// </summary>
internal static class ProjectOption
{
    public static Option<string?> Create() => new("--project")
    {
        HelpName = "PATH",
        Description = "The env.proj to edit, or a folder to search from upward. Default: the nearest env.proj from the current folder.",
    };
}
