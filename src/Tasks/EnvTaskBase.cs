using Env.Core.Diagnostics;
using Env.Core.Model;
using Env.Core.Platforms;
using Env.Core.Shell;
using Env.Core.ToolSets;
using Env.Core.Tools;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Env.Tasks;

/// <summary>
/// What every Env.Sdk task shares: turning items into Core types, cancellation (Ctrl+C), and reporting
/// <see cref="EnvException"/>s as MSBuild errors with their code and file.
/// </summary>
public abstract class EnvTaskBase : Microsoft.Build.Utilities.Task, ICancelableTask
{
    private readonly CancellationTokenSource _cancel = new();

    [Required]
    public string ProjectFile { get; set; } = "";

    [Required]
    public string LockFile { get; set; } = "";

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

    /// <summary>"Home" for a home env (EnvKind): its HomeFile and HomeActivation items are read.</summary>
    public string? EnvKind { get; set; }

    public ITaskItem[] HomeFiles { get; set; } = [];

    public ITaskItem[] HomeActivations { get; set; } = [];

    /// <summary>The home folder, where a home file may not take the place of the store or the state folder.</summary>
    public string? HomeDir { get; set; }

    /// <summary>
    /// The platform whose items are chosen: Sdk.targets gives this machine's (or the project's override); empty only on
    /// an OS the targets cannot name, where Env.Core works it out.
    /// </summary>
    public string? RuntimeIdentifier { get; set; }

    protected CancellationToken CancellationToken => _cancel.Token;

    protected IEnvLog EnvLog => new TaskEnvLog(Log, ProjectFile);

    protected string Rid => string.IsNullOrEmpty(RuntimeIdentifier) ? RuntimeIdentifierChain.Current() : RuntimeIdentifier!;

    public void Cancel() => _cancel.Cancel();

    public sealed override bool Execute()
    {
        try
        {
            Run();
        }
        catch (Exception ex) when (Flatten(ex).All(e => e is EnvException or OperationCanceledException))
        {
            foreach (var e in Flatten(ex))
            {
                if (e is EnvException env)
                    Log.LogEnvError(env.Code, env.File ?? ProjectFile, 0, 0, 0, 0, env.Message);
                else
                    Log.LogEnvError(EnvCode.ENV0900, ProjectFile, 0, 0, 0, 0, "Cancelled; nothing was changed for the tools that had not finished.");
            }
        }
        catch (Exception ex)
        {
            // Not MSB4018 with a stack trace: a coded error that tells a full disk or a permission from a bug. The
            // trace stays available at detailed verbosity, for a report.
            var e = UnexpectedFailure.From(Flatten(ex).FirstOrDefault(x => x is not EnvException and not OperationCanceledException) ?? ex);
            Log.LogEnvError(e.Code, e.File ?? ProjectFile, 0, 0, 0, 0, e.Message);
            Log.LogMessage(MessageImportance.Low, ex.ToString());
        }
        return !Log.HasLoggedErrors;
    }

    protected abstract void Run();

    protected IReadOnlyList<ToolSpec> ParseTools()
    {
        // Each definition knows the file that defined it: that file is its set, read again by Env.Core to check it says the same.
        var sets = EvaluatedToolSets.From(
            ToolDefinitions.Select(d => new ToolDefinitionItem(d.ItemSpec, CustomMetadata(d), d.GetMetadata("DefiningProjectFullPath"), 0)), ProjectFile);
        return ToolSetResolver.Resolve(Tools.Select(item => (item.ItemSpec, (IReadOnlyDictionary<string, string>)CustomMetadata(item))).ToList(), sets, ProjectFile);
    }

    protected IReadOnlyList<EnvVariable> ParseVariables() =>
        EnvVariableParser.ParseAll(Variables.Select(item => (item.ItemSpec, (IReadOnlyDictionary<string, string>)CustomMetadata(item))), ProjectFile);

    protected IReadOnlyList<ShellHook> ParseShellHooks() =>
        ShellHookParser.ParseAll(ShellHooks.Select(item => (item.ItemSpec, (IReadOnlyDictionary<string, string>)CustomMetadata(item))), ProjectFile);

    /// <summary>A home env's HomeFile and HomeActivation items, parsed (ENV0042, ENV0043, ENV0047); null for any other env.</summary>
    protected Core.Home.HomeBuildInput? ParseHome(string? configuration, long maxBytes)
    {
        if (!string.Equals(EnvKind, "Home", StringComparison.OrdinalIgnoreCase)) return null;
        return new Core.Home.HomeBuildInput(
            Core.Home.HomeFileSpecParser.ParseAll(HomeFiles.Select(i => (i.ItemSpec, (IReadOnlyDictionary<string, string>)CustomMetadata(i))), ProjectFile),
            Core.Home.HomeActivationParser.ParseAll(HomeActivations.Select(i => (i.ItemSpec, (IReadOnlyDictionary<string, string>)CustomMetadata(i))), ProjectFile),
            configuration, string.IsNullOrEmpty(HomeDir) ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : HomeDir!, maxBytes);
    }

    /// <summary>The metadata the project wrote on an item (not MSBuild's well-known FullPath, RootDir…).</summary>
    protected static Dictionary<string, string> CustomMetadata(ITaskItem item)
    {
        var custom = item.CloneCustomMetadata();
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string key in custom.Keys) result[key] = item.GetMetadata(key);
        return result;
    }

    private static IEnumerable<Exception> Flatten(Exception ex) => ex switch
    {
        AggregateException agg => agg.InnerExceptions.SelectMany(Flatten),
        _ => [ex],
    };
}
