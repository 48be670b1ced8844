using System.Text.RegularExpressions;
using Env.Core.Diagnostics;
using Env.Core.Home;
using Env.Core.Projects;
using Env.Core.Shell;
using Env.Core.Store;

namespace Env.Cli;

/// <summary>
/// A home env's generation, built for the configuration wanted: as <see cref="BuiltEnv"/> (no MSBuild when
/// <c>.envsdk/env.json</c> is current), and built again with <c>-p:HomeConfiguration=NAME</c> when its <c>.envsdk/result</c>
/// holds another configuration than the one chosen (<c>--config</c>, else Home Manager's rule, <see cref="HomeConfigurationChoice"/>).
/// </summary>
internal sealed partial record BuiltHome(string ProjectFile, HomeGenerationEntry Generation)
{
    public static BuiltHome Ensure(string? path, string? configuration, BuildOptions options)
    {
        if (configuration is not null && !ConfigurationName().IsMatch(configuration))
            throw new EnvException(EnvCode.ENV0041, $"--config '{PrintableText.Of(configuration)}' is not a configuration name (homes/NAME.props): use letters, digits, '.', '_', '-' and '@'.", null);
        var project = EnvProjectLocator.Find(path, Environment.CurrentDirectory);
        var user = HomeConfigurationChoice.User();
        var host = HomeConfigurationChoice.Host();
        var chosen = HomeConfigurationChoice.Choose(Path.GetDirectoryName(project)!, configuration, user, host);
        CheckChosen(project, configuration, chosen, user, host);
        var property = chosen is null ? options : options with { PassThrough = [.. options.PassThrough, $"-p:HomeConfiguration={chosen}"] };
        var env = BuiltEnv.Ensure(project, property, buildOutputToStderr: false);
        var built = Read(env.ShellDir, project);
        if (built is null || built.Manifest.Configuration != chosen)
        {
            if (options.NoBuild)
                throw new EnvException(EnvCode.ENV0704, $"The home env of {project} is not built for configuration '{chosen}', and --no-build was given. Run 'dotnet env build --config {chosen}'.", project);
            var code = DotnetBuild.Run(project, property.MSBuildArguments(), toStderr: false);
            if (code != 0) throw new BuildFailedException(code);
            built = Read(env.ShellDir, project);
        }
        if (built is null)
            throw new EnvException(EnvCode.ENV0922,
                $"{project} built no home generation (.envsdk/{ShellFolder.Result}): it is not a home env. Set <EnvKind>Home</EnvKind> in it (or start from 'dotnet new homeenv').",
                project);
        return new BuiltHome(project, built);
    }

    /// <summary>
    /// ENV0040 as the build would raise it, but before it and in this command's words (<c>--config NAME</c>, not MSBuild's
    /// <c>-p:</c>): a configuration given that homes/ lacks, or none for this user and machine. A home env.proj without
    /// homes/ is its one configuration, and is left to the build.
    /// </summary>
    private static void CheckChosen(string project, string? given, string? chosen, string user, string host)
    {
        var folder = Path.GetDirectoryName(project)!;
        if (!Directory.Exists(Path.Combine(folder, HomeConfigurationChoice.HomesFolder))) return;
        var available = HomeConfigurationChoice.Available(folder);
        var listed = available.Count > 0 ? string.Join(", ", available) : $"none (add homes/{user}.props)";
        if (given is not null && !File.Exists(Path.Combine(folder, HomeConfigurationChoice.HomesFolder, given + ".props")))
            throw new EnvException(EnvCode.ENV0040, $"There is no home configuration '{given}' (homes/{given}.props). Configurations in homes/: {listed}. Choose one with --config NAME.", project);
        if (chosen is null)
            throw new EnvException(EnvCode.ENV0040,
                $"No home configuration for {user}@{host}: neither homes/{user}@{host}.props nor homes/{user}.props exists. Configurations in homes/: {listed}. Choose one with --config NAME, or add homes/{user}.props.",
                project);
    }

    private static HomeGenerationEntry? Read(string shellDir, string project)
    {
        var entry = new FileInfo(Path.Combine(shellDir, ShellFolder.Result)).LinkTarget;
        if (entry is null || !Directory.Exists(entry)) return null;
        var store = UserFolders.Store;
        if (!HomeGeneration.IsGenerationEntry(entry, store))
            throw new EnvException(EnvCode.ENV0922,
                $"{Path.Combine(shellDir, ShellFolder.Result)} links to {entry}, which is not a home generation in the store {store}. If env.proj sets EnvStoreDir, set ENVSDK_STORE to the same folder for 'dotnet env'; otherwise build again.",
                project);
        return HomeGenerationEntry.Load(entry);
    }

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9._@-]{0,127}$")]
    private static partial Regex ConfigurationName();
}
