using Env.Core.Locking;
using Env.Core.Model;
using Env.Core.Shell;
using Env.Core.Store;

namespace Env.Core.Home;

/// <summary>
/// The build phase of a home env (<c>EnvKind</c> Home), as <c>home-manager build</c>: everything a dev shell's build
/// does, plus the generation's store entry, linked as <c>.envsdk/result</c> and registered as a GC root. Every refusal
/// (the items, the sources, the shell folder) comes before anything is written, and nothing in the home folder changes:
/// putting the generation in place is the switch's work.
/// </summary>
public static class HomeEnvBuilder
{
    /// <summary>
    /// The home files and what they are read from, or the refusal (ENV0042, ENV0044–ENV0046): what the build does first,
    /// and the restore phase too, so that a refused source fails before the lock is written.
    /// </summary>
    public static HomeSources ResolveSources(string projectFile, string storeDir, string stateDir, HomeBuildInput home) =>
        new HomeSourceResolver(Path.GetDirectoryName(Path.GetFullPath(projectFile))!, home.HomeDir,
            [(storeDir, "the store"), (stateDir, "the state folder")], home.MaxBytes, projectFile).Resolve(home.Files);

    /// <returns>The tools' profile entry and the generation's entry.</returns>
    public static (StoreEntry Profile, StoreEntry Generation) Generate(EnvStore store, LockFile lockFile, string lockPath, IReadOnlyList<ToolSpec> specs,
        IReadOnlyList<EnvVariable> variables, IReadOnlyList<ShellHook> hooks, string rid, string envName, string projectFile, string shellDir, string stateDir,
        IReadOnlyList<string> importedBySdk, HomeBuildInput home, CancellationToken ct = default, IReadOnlyList<ShellAlias>? aliases = null)
    {
        var folder = new ShellFolder(shellDir, projectFile);
        folder.CheckWritable([ShellFolder.Result]);
        var sources = ResolveSources(projectFile, store.Layout.StoreDir, stateDir, home);
        StoreEntry? generation = null;
        var profile = EnvShellGenerator.Generate(store, lockFile, lockPath, specs, variables, hooks, rid, envName, projectFile, shellDir, stateDir, importedBySdk,
            sources.Inputs, beforeShellWrite: (profile, tools) =>
            {
                generation = HomeGenerationBuilder.Build(store, new HomeGenerationRequest
                {
                    Name = envName,
                    Configuration = home.Configuration,
                    ToolsProfile = profile.Path,
                    Tools = tools.Select(t => new HomeToolEntry(t.Name, t.Version)).ToList(),
                    Variables = variables,
                    Aliases = aliases ?? [],
                    Files = sources.Files,
                    Activations = home.Activations,
                    OnChange = HomeOnChange.Of(home.Files),
                    StateDir = stateDir,
                }, projectFile, ct);
                // Before env.json: a build killed in between leaves an env.json that is stale, never a result that is.
                folder.Ensure();
                var result = Path.Combine(folder.Path, ShellFolder.Result);
                AtomicFile.ReplaceSymlink(result, generation.Path);
                GcRoots.Register(store.Layout, result, envName + HomeGeneration.EntrySuffix);
            }, aliases);
        return (profile, generation!);
    }
}
