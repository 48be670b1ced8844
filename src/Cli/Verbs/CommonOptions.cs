using System.CommandLine;

namespace Env.Cli.Verbs;

/// <summary>
/// Options several verbs share, spelt as dotnet's own. Each text says what the option does for the verb it is on: a verb
/// that never builds gets no text about a build.
/// </summary>
internal static class CommonOptions
{
    /// <summary>For a verb that may run <c>dotnet build</c> (shell, print, add, remove, update, init, switch).</summary>
    public static Option<string?> BuildVerbosity() => new("--verbosity", "-v")
    {
        HelpName = "LEVEL",
        Description = "How much the build this command may run shows, and this command with it: q[uiet], m[inimal], n[ormal], d[etailed], diag[nostic].",
    };

    /// <summary>For a verb that builds nothing.</summary>
    public static Option<string?> Verbosity() => new("--verbosity", "-v")
    {
        HelpName = "LEVEL",
        Description = "How much this command says of its work: q[uiet], m[inimal], n[ormal], d[etailed] (adds each cache hit and path), diag[nostic].",
    };

    public static Option<bool> NoRestore() => new("--no-restore") { Description = "Do not fetch anything if a build is needed (dotnet build --no-restore)." };

    public static Option<bool> NoBuild() => new("--no-build") { Description = "Never build: fail (ENV0704) when the env is not built or not current." };

    /// <summary>For a verb that may build.</summary>
    public static Option<bool> BuildOffline() => new("--offline")
    {
        Description = "Fetch nothing: a build this command runs restores only from the store and the download cache (EnvOffline=true), and fails (ENV0120) naming what is missing.",
    };

    /// <summary>For a verb that fetches itself and builds nothing.</summary>
    public static Option<bool> Offline(string what) => new("--offline")
    {
        Description = $"Fetch nothing: {what} only from the store and the download cache (or a file:// mirror); what is missing there is ENV0120, named.",
    };

    /// <param name="what">Which env the verb works on, for its help: "The env to print".</param>
    public static Argument<string?> Path(string what) => new("PATH")
    {
        Description = $"{what}: its env.proj, or a folder to search from upward. Default: the current folder.",
        Arity = ArgumentArity.ZeroOrOne,
    };
}
