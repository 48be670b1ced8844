using Env.Core.Diagnostics;
using Env.Core.Model;
using Env.Core.Platforms;
using Env.Core.Shell;
using Env.Core.ToolSets;
using Env.Core.Tools;
using Microsoft.Build.Framework;

namespace Env.Tasks;

/// <summary>
/// The tasks that read env.proj's items (restore and the build phase): the items, the lock and the store, turned into
/// Core types. An error about one item is reported at that item's line (<see cref="ItemLocation"/>).
/// </summary>
public abstract class EnvProjectTask : EnvTaskBase
{
    [Required]
    public string LockFile { get; set; } = "";

    /// <summary>
    /// env.lock.json when <see cref="LockFile"/> is a home configuration's own lock: read in its place until it exists
    /// (<see cref="Core.Locking.LockFileLocation.ReadFrom"/>), never written.
    /// </summary>
    public string? LockSeed { get; set; }

    /// <summary>The lock as it is, or as the seed has it while the configuration has no lock of its own.</summary>
    protected Core.Locking.LockFile LoadLock() => Core.Locking.LockFile.Load(Core.Locking.LockFileLocation.ReadFrom(LockFile, LockSeed));

    /// <summary>The store; Sdk.targets computes its documented default at evaluation.</summary>
    [Required]
    public string StoreDir { get; set; } = "";

    public ITaskItem[] Tools { get; set; } = [];

    /// <summary>The ToolDefinition items of the tool sets env.proj uses (docs/tool-sets.md); a Tool item that only names a tool takes it from them.</summary>
    public ITaskItem[] ToolDefinitions { get; set; } = [];

    /// <summary>The EnvVar items: the build phase sets them; the restore phase checks them before doing anything.</summary>
    public ITaskItem[] Variables { get; set; } = [];

    /// <summary>The ShellHook items: the build phase writes them into the activate scripts; the restore phase checks them.</summary>
    public ITaskItem[] ShellHooks { get; set; } = [];

    /// <summary>The ShellAlias items: the build phase defines them in the activate scripts and a home session; the restore phase checks them.</summary>
    public ITaskItem[] ShellAliases { get; set; } = [];

    /// <summary>"Home" for a home env (EnvKind): its HomeFile and HomeActivation items are read.</summary>
    public string? EnvKind { get; set; }

    public ITaskItem[] HomeFiles { get; set; } = [];

    public ITaskItem[] HomeActivations { get; set; } = [];

    /// <summary>The HomeFragment items: pieces of one file each, joined per place (docs/home.md, "Modules").</summary>
    public ITaskItem[] HomeFragments { get; set; } = [];

    /// <summary>The home folder, where a home file may not take the place of the store or the state folder.</summary>
    public string? HomeDir { get; set; }

    /// <summary>
    /// The platform whose items are chosen: Sdk.targets gives this machine's (or the project's override); empty only on
    /// an OS the targets cannot name, where Env.Core works it out.
    /// </summary>
    public string? RuntimeIdentifier { get; set; }

    protected string Rid => string.IsNullOrEmpty(RuntimeIdentifier) ? RuntimeIdentifierChain.Current() : RuntimeIdentifier!;

    protected IReadOnlyList<ToolSpec> ParseTools()
    {
        // Each definition knows the file that defined it: that file is its set, read again by Env.Core to check it says the same.
        var sets = EvaluatedToolSets.From(
            ToolDefinitions.Select(d => new ToolDefinitionItem(d.ItemSpec, CustomMetadata(d), d.GetMetadata("DefiningProjectFullPath"), 0)), ProjectFile);
        return EachAtItsLine("Tool", Tools, items => ToolSetResolver.Resolve(Owned("Tool", items), sets, ProjectFile), owned: true);
    }

    protected IReadOnlyList<EnvVariable> ParseVariables() =>
        EachAtItsLine("EnvVar", Variables, items => EnvVariableParser.ParseAll(Owned("EnvVar", items), ProjectFile, Path.GetDirectoryName(Path.GetFullPath(ProjectFile))), owned: true);

    protected IReadOnlyList<ShellAlias> ParseShellAliases() =>
        EachAtItsLine("ShellAlias", ShellAliases, items => ShellAliasParser.ParseAll(Owned("ShellAlias", items), ProjectFile), owned: true);

    protected IReadOnlyList<ShellHook> ParseShellHooks() =>
        EachAtItsLine("ShellHook", ShellHooks, items => ShellHookParser.ParseAll(items, ProjectFile));

    /// <summary>
    /// A home env's HomeFile, HomeFragment and HomeActivation items, parsed (ENV0042, ENV0043, ENV0047, ENV0061), the
    /// fragments joined into one file per place (ENV0045, ENV0062), the activations in the order they run (ENV0932,
    /// ENV0933); null for any other env.
    /// </summary>
    protected Core.Home.HomeBuildInput? ParseHome(string? configuration, long maxBytes)
    {
        if (!string.Equals(EnvKind, "Home", StringComparison.OrdinalIgnoreCase)) return null;
        var files = EachAtItsLine("HomeFile", HomeFiles, items => Core.Home.HomeFileSpecParser.ParseAll(items, ProjectFile), owned: true);
        var fragments = EachAtItsLine("HomeFragment", HomeFragments, items => Core.Home.HomeFragmentParser.ParseAll(items, ProjectFile), owned: true);
        return new Core.Home.HomeBuildInput(
            Core.Home.HomeFragmentMerger.Merge(files, fragments, ProjectFile),
            Core.Home.HomeActivationOrder.Sort(EachAtItsLine("HomeActivation", HomeActivations, items => Core.Home.HomeActivationParser.ParseAll(Owned("HomeActivation", items), ProjectFile), owned: true), ProjectFile),
            configuration, string.IsNullOrEmpty(HomeDir) ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : HomeDir!, maxBytes);
    }

    /// <summary>
    /// Core's parser, first on each item alone, so that an error about one item names its line; then on all of them,
    /// for what only the whole list can show (a tool taken twice), which names env.proj.
    /// </summary>
    /// <param name="owned">Items a home module may produce: their Module metadata, and the file that defined each, name the owner in a conflict.</param>
    private IReadOnlyList<T> EachAtItsLine<T>(string itemType, ITaskItem[] items,
        Func<IReadOnlyList<(string, IReadOnlyDictionary<string, string>)>, IReadOnlyList<T>> parse, bool owned = false)
    {
        foreach (var item in items)
        {
            try
            {
                parse([Pair(item, owned)]);
            }
            catch (EnvException e)
            {
                throw new ItemException(e, ItemLocation.Of(item, itemType, ProjectFile));
            }
        }
        return parse(items.Select(i => Pair(i, owned)).ToList());
    }

    /// <summary>The items without their owner metadata, a module's duplicates kept once, conflicting values refused (ENV0063).</summary>
    private IReadOnlyList<(string, IReadOnlyDictionary<string, string>)> Owned(string itemType, IReadOnlyList<(string, IReadOnlyDictionary<string, string>)> items) =>
        Core.Home.HomeOwnedItems.Resolve(itemType, items, ProjectFile);

    private static (string, IReadOnlyDictionary<string, string>) Pair(ITaskItem item, bool owned)
    {
        var metadata = CustomMetadata(item);
        if (owned && item.GetMetadata(Core.Home.HomeItemOwner.DefinedInKey) is { Length: > 0 } file) metadata[Core.Home.HomeItemOwner.DefinedInKey] = file;
        return (item.ItemSpec, metadata);
    }

    /// <summary>The metadata the project wrote on an item (not MSBuild's well-known FullPath, RootDir…).</summary>
    protected static Dictionary<string, string> CustomMetadata(ITaskItem item)
    {
        var custom = item.CloneCustomMetadata();
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string key in custom.Keys) result[key] = item.GetMetadata(key);
        return result;
    }
}
