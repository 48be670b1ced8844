using System.CommandLine;

namespace Env.Cli.Verbs;

/// <summary>Options every verb that may build shares, spelt as dotnet's own.</summary>
internal static class CommonOptions
{
    public static Option<string?> Verbosity() => new("--verbosity", "-v")
    {
        Description = "The verbosity of a build this command runs: q[uiet], m[inimal], n[ormal], d[etailed], diag[nostic].",
    };

    public static Option<bool> NoRestore() => new("--no-restore") { Description = "Do not fetch anything if a build is needed (dotnet build --no-restore)." };

    public static Option<bool> NoBuild() => new("--no-build") { Description = "Never build: fail (ENV0704) when the env is not built or not current." };

    public static Option<bool> Offline() => new("--offline")
    {
        Description = "Fetch nothing: a build this command runs restores only from the store and the download cache (EnvOffline=true), and fails (ENV0120) naming what is missing.",
    };

    public static Argument<string?> Path() => new("PATH")
    {
        Description = "An env.proj, or a folder to search from upward. Default: the current folder.",
        Arity = ArgumentArity.ZeroOrOne,
    };
}
