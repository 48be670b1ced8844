using Env.Core.Diagnostics;
using Env.Core.Projects;
using Env.Core.Shell;

namespace Env.Cli;

/// <summary>
/// The env a command works on, built and current. When <c>.envsdk/env.json</c> still matches the files the env was
/// built from (hashes, no MSBuild), it is used as is: this is the fast path of <c>shell</c> and <c>print</c>.
/// Otherwise <c>dotnet build</c> runs first.
/// </summary>
internal sealed record BuiltEnv(string ProjectFile, string ShellDir, EnvManifest Manifest)
{
    public static BuiltEnv Ensure(string? path, BuildOptions options, bool buildOutputToStderr)
    {
        var project = EnvProjectLocator.Find(path, Environment.CurrentDirectory);
        var shellDir = Path.Combine(Path.GetDirectoryName(project)!, DevShell.FolderName);
        var envJson = Path.Combine(shellDir, ShellFolder.EnvJson);
        var manifest = EnvManifest.TryLoad(envJson);
        var stale = manifest is null ? "it has not been built" : Staleness(manifest, project, shellDir);
        if (stale is null) return new BuiltEnv(project, shellDir, manifest!);

        if (options.NoBuild)
            throw new EnvException("ENV0704", $"The env of {project} is not current ({stale}), and --no-build was given. Run 'dotnet env build'.", project);
        if (options.Verbosity is not "q" and not "quiet") Console.Error.WriteLine($"dotnet env: building {Relative(project)} ({stale})");
        var code = DotnetBuild.Run(project, options.MSBuildArguments(), buildOutputToStderr);
        if (code != 0) throw new BuildFailedException(code);
        // Trusted as the build left it: a build that changed nothing (MSBuild judged it current) must not loop.
        manifest = EnvManifest.TryLoad(envJson)
            ?? throw new EnvException("ENV0705",
                $"The build of {project} succeeded but wrote no {envJson}. If env.proj sets EnvShellDir, dotnet env does not follow it yet; leave it at its default .envsdk/.",
                project);
        return new BuiltEnv(project, shellDir, manifest);
    }

    private static string? Staleness(EnvManifest manifest, string project, string shellDir)
    {
        if (!string.Equals(manifest.Project, project, StringComparison.Ordinal)) return "it was built for another path";
        // The profile link dangles when the store was cleaned or moved.
        if (!Directory.Exists(Path.Combine(shellDir, ShellFolder.Profile, "bin"))) return "its store entries are missing";
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
