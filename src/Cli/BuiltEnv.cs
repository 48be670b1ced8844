using Env.Core.Diagnostics;
using Env.Core.Projects;
using Env.Core.Shell;
using Env.Core.State;

namespace Env.Cli;

/// <summary>
/// The env a command works on, built and current, as this machine's last build recorded it: the allow record's
/// env.json (<see cref="DevShellRecord"/>, under the state folder), never the checkout's <c>.envsdk/</c>, which a clone or
/// a <c>git pull</c> can write (git overwrites ignored files): what <c>print</c>, <c>shell</c> and <c>run NAME</c> put on
/// PATH leads into the store. When the record still matches the files the env was built from (hashes, no MSBuild),
/// it is used as is: this is the fast path of <c>shell</c> and <c>print</c>. Otherwise <c>dotnet build</c> runs first.
/// </summary>
/// <param name="RecordDir">The allow record's folder, holding the copies of the activate scripts the build wrote.</param>
internal sealed record BuiltEnv(string ProjectFile, string ShellDir, string RecordDir, EnvManifest Manifest)
{
    public static BuiltEnv Ensure(string? path, BuildOptions options, bool buildOutputToStderr) =>
        EnsureProject(EnvProjectLocator.Find(path, Environment.CurrentDirectory), options, buildOutputToStderr);

    /// <param name="project">The env.proj, a full path.</param>
    public static BuiltEnv EnsureProject(string project, BuildOptions options, bool buildOutputToStderr)
    {
        var shellDir = Path.Combine(Path.GetDirectoryName(project)!, DevShell.FolderName);
        var stateDir = UserFolders.State;
        var recordJson = DevShellRecord.ManifestPath(stateDir, project);
        var recordDir = Path.GetDirectoryName(recordJson)!;
        var manifest = Recorded(project);
        var stale = manifest is null ? "it has not been built" : Staleness(manifest, project, shellDir);
        if (stale is null) return new BuiltEnv(project, shellDir, recordDir, manifest!);

        if (options.NoBuild)
            throw new EnvException(EnvCode.ENV0704, $"The env of {project} is not current ({stale}), and --no-build was given. Run 'dotnet env build'.", project);
        if (options.Verbosity is not "q" and not "quiet") Console.Error.WriteLine($"dotnet env: building {Relative(project)} ({stale})");
        var code = DotnetBuild.Run(project, options.MSBuildArguments(), buildOutputToStderr);
        if (code != 0) throw new BuildFailedException(code);
        // Trusted as the build left it: a build that changed nothing (MSBuild judged it current) must not loop.
        manifest = EnvManifest.TryLoad(recordJson)
            ?? throw new EnvException(EnvCode.ENV0705,
                $"The build of {project} succeeded but wrote no {recordJson}. If env.proj sets EnvStateDir, dotnet env does not follow it yet; leave it at its default ({stateDir}).",
                project);
        return new BuiltEnv(project, shellDir, recordDir, manifest);
    }

    /// <summary>The env as the last build on this machine recorded it, or null when none did (or in an older format).</summary>
    public static EnvManifest? Recorded(string project) =>
        EnvManifest.TryLoad(DevShellRecord.ManifestPath(UserFolders.State, project));

    private static string? Staleness(EnvManifest manifest, string project, string shellDir)
    {
        if (!string.Equals(manifest.Project, project, StringComparison.Ordinal)) return "it was built for another path";
        // The profile entry is gone when the store was cleaned or moved.
        if (!Directory.Exists(Path.Combine(manifest.Profile, "bin"))) return "its store entries are missing";
        // A link the checkout replaced (a pulled .envsdk/profile): the build refuses it or makes it again.
        if (new FileInfo(Path.Combine(shellDir, ShellFolder.Profile)).LinkTarget is { } link && link != manifest.Profile) return "its profile link was replaced";
        // A home env's generation, likewise (its result link is there only for a home env).
        var result = Path.Combine(shellDir, ShellFolder.Result);
        if (new FileInfo(result).LinkTarget is not null && !File.Exists(Path.Combine(result, "manifest.json"))) return "its generation is missing from the store";
        return manifest.Staleness();
    }

    private static string Relative(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }
}

/// <summary>A build the command ran failed; its own output said why, so the command exits with its code and says no more.</summary>
internal sealed class BuildFailedException(int exitCode) : Exception($"dotnet build exited with {exitCode}.")
{
    public int ExitCode { get; } = exitCode;
}
