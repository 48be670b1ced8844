using System.Text.RegularExpressions;

namespace Env.Cli;

/// <summary>
/// System.CommandLine's help as the user should read it. Its usage lines name the executable (<c>dotnet-env</c>, or
/// <c>dotnet-env-full</c> behind the native launcher), and a <c>RootCommand</c>'s name cannot be set; the user types
/// <c>dotnet env</c>, as every doc says, so that is what the lines say. <c>build</c> passes the arguments it does not know
/// on to dotnet build, which System.CommandLine shows as an "additional arguments" part with one ']' too many and a
/// text about "the application that is being run": <c>build</c>'s ARGS already say what those arguments are.
/// </summary>
internal static partial class HelpText
{
    public static string Fix(string help)
    {
        help = Executable().Replace(help, "$1dotnet env");
        help = AdditionalArgumentsUsage().Replace(help, "");
        return AdditionalArgumentsSection().Replace(help, "");
    }

    /// <summary>The executable's name where a usage line starts.</summary>
    [GeneratedRegex(@"(?m)^(\s+)dotnet-env(?:-full)?(?=\s|$)")]
    private static partial Regex Executable();

    [GeneratedRegex(@" \[\[--\] <additional arguments>\.\.\.\]\]?")]
    private static partial Regex AdditionalArgumentsUsage();

    [GeneratedRegex(@"(?m)^Additional Arguments:\r?\n\s+Arguments passed to the application that is being run\.\r?\n(\r?\n)?")]
    private static partial Regex AdditionalArgumentsSection();
}
