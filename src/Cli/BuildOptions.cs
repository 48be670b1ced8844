namespace Env.Cli;

/// <summary>What a command passes to the <c>dotnet build</c> it may run: the dotnet-style options and any MSBuild arguments.</summary>
internal sealed record BuildOptions(string? Verbosity, bool NoRestore, bool NoBuild, IReadOnlyList<string> PassThrough)
{
    /// <summary>--offline: the build restores only from the store and the download cache (-p:EnvOffline=true).</summary>
    public bool Offline { get; init; }

    public IEnumerable<string> MSBuildArguments()
    {
        if (Verbosity is not null) yield return $"-v:{Verbosity}";
        if (NoRestore) yield return "--no-restore";
        if (Offline) yield return OfflineProperty;
        foreach (var a in PassThrough) yield return a;
    }

    public const string OfflineProperty = "-p:EnvOffline=true";
}
