namespace Env.Core.Shell;

/// <summary>
/// What every activate script does, whatever its shell: put <see cref="PathFirst"/> before and <see cref="PathLast"/>
/// after the PATH the shell had, apply the other <see cref="Variables"/> in order, and mark the shell with <c>ENVSDK_ENV</c> = <see cref="ProjectFile"/>.
/// env.json records exactly this, so the <c>dotnet env</c> command regenerates any script from it
/// (<see cref="FromEnvJson"/>) without MSBuild.
/// </summary>
public sealed record ShellActivation(string ProjectFile, IReadOnlyList<string> PathEntries, IReadOnlyList<EnvVariable> Variables)
{
    /// <summary>The env's <c>ShellAlias</c> items, in env.proj's order; deactivation removes exactly these.</summary>
    public IReadOnlyList<ShellAlias> Aliases { get; init; } = [];

    /// <summary>The variable changes, one per name, for the generators: every variable but PATH (<see cref="PathFirst"/>, <see cref="PathLast"/>).</summary>
    public IReadOnlyList<VariableChange> Changes => VariableChange.Of(PathVariable.Others(Variables));

    /// <summary>What goes before the PATH the shell had: the tools' <see cref="PathEntries"/>, then env.proj's PATH Prepend entries.</summary>
    public IReadOnlyList<string> PathFirst => [.. PathEntries, .. PathVariable.Prepended(Variables)];

    /// <summary>What goes after the PATH the shell had: env.proj's PATH Append entries.</summary>
    public IReadOnlyList<string> PathLast => PathVariable.Appended(Variables);

    /// <summary>
    /// Reads the activation back from env.json's text (format 2). The file may come with a checkout, so everything is
    /// checked as env.proj's items are (names, values, sizes, mixes; ENV0015–ENV0026) and anything malformed is
    /// refused (ENV0614) naming <paramref name="file"/>.
    /// </summary>
    public static ShellActivation FromEnvJson(string json, string? file) =>
        EnvManifest.Parse(System.Text.Encoding.UTF8.GetBytes(json), file).Activation;
}
