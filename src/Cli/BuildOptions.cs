namespace Env.Cli;

/// <summary>What a command passes to the <c>dotnet build</c> it may run: the dotnet-style options and any MSBuild arguments.</summary>
internal sealed record BuildOptions(string? Verbosity, bool NoRestore, bool NoBuild, IReadOnlyList<string> PassThrough)
{
    public IEnumerable<string> MSBuildArguments()
    {
        if (Verbosity is not null) yield return $"-v:{Verbosity}";
        if (NoRestore) yield return "--no-restore";
        foreach (var a in PassThrough) yield return a;
    }
}
