using Env.Core.Shell;

namespace Env.Core.Home;

/// <summary>
/// Everything a home generation's store entry is made from; nothing else goes in (no time, no checkout path), so the
/// same request gives the same entry.
/// </summary>
public sealed record HomeGenerationRequest
{
    /// <summary>The env's name (EnvName): the entry is <c>&lt;hash&gt;-&lt;name&gt;-home</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The home configuration (homes/NAME.props) it was built from, or null.</summary>
    public string? Configuration { get; init; }

    /// <summary>The tools' profile store entry (ProfileBuilder's), whose <c>bin/</c> the generation's <c>profile/bin</c> links to.</summary>
    public required string ToolsProfile { get; init; }

    /// <summary>The tools of the profile with their versions, recorded so that two generations can be compared.</summary>
    public IReadOnlyList<HomeToolEntry> Tools { get; init; } = [];

    public required IReadOnlyList<EnvVariable> Variables { get; init; }

    /// <summary>The ShellAlias items the session scripts define.</summary>
    public IReadOnlyList<ShellAlias> Aliases { get; init; } = [];

    public required IReadOnlyList<HomeFileSource> Files { get; init; }

    public required IReadOnlyList<HomeActivationEntry> Activations { get; init; }

    /// <summary>The <c>OnChange</c> commands of the HomeFile items, in item order.</summary>
    public IReadOnlyList<HomeOnChangeEntry> OnChange { get; init; } = [];

    /// <summary>The state folder (EnvStateDir): the session scripts put its fixed <c>home/profile/bin</c> on PATH.</summary>
    public required string StateDir { get; init; }
}
