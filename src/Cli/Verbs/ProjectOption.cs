using System.CommandLine;

namespace Env.Cli.Verbs;

/// <summary>
/// <c>--project PATH</c> for the verbs whose argument is something else (a package, a tool name), as <c>dotnet add
/// package</c> takes it.
/// </summary>
internal static class ProjectOption
{
    /// <param name="what">What the verb does with it, for its help: "The env.proj to edit".</param>
    public static Option<string?> Create(string what) => new("--project")
    {
        HelpName = "PATH",
        Description = $"{what}, or a folder to search from upward. Default: the nearest env.proj from the current folder.",
    };
}
