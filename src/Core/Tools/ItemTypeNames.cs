using Env.Core.Diagnostics;
namespace Env.Core.Tools;

/// <summary>
/// The item types an env.proj declares Env.Sdk's inputs with, and the near misses of them: MSBuild accepts any item
/// type, so <c>&lt;Tools Include=…&gt;</c> or <c>&lt;Tol&gt;</c> would build an empty environment without a word.
/// </summary>
public static class ItemTypeNames
{
    /// <summary>Every item type Env.Sdk reads; a new one (ShellHook…) is added here.</summary>
    public static readonly IReadOnlyList<string> Known = ["Tool", "EnvVar", "ShellHook", "ShellAlias", "HomeFile", "HomeFragment", "HomeActivation", "HomeModule", "HomeModuleOption", "ToolDefinition", "EnvMirror", "EnvSubstitute"];

    /// <summary>What people coming from elsewhere write, beyond a typo's reach.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["PackageReference"] = "Tool",
        ["DotNetCliToolReference"] = "Tool",
        ["EnvironmentVariable"] = "EnvVar",
        ["EnvVariable"] = "EnvVar",
        ["Variable"] = "EnvVar",
        ["ShellHooks"] = "ShellHook",
        ["EnterShell"] = "ShellHook",
        ["Alias"] = "ShellAlias",
        ["ShellAbbr"] = "ShellAlias",
    };

    /// <summary>The item type of ours that <paramref name="itemType"/> looks like a misspelling of, or null.</summary>
    public static string? NearMiss(string itemType)
    {
        if (Known.Contains(itemType, StringComparer.OrdinalIgnoreCase)) return null;
        var singular = itemType.EndsWith('s') || itemType.EndsWith('S') ? itemType[..^1] : itemType;
        if (Aliases.TryGetValue(itemType, out var alias) || Aliases.TryGetValue(singular, out alias)) return alias;
        foreach (var known in Known)
        {
            // One slip in a short name, two in a longer one (transposed letters count as one).
            var allowed = known.Length <= 5 ? 1 : 2;
            if (EditDistance.Between(known.ToLowerInvariant(), itemType.ToLowerInvariant()) <= allowed) return known;
        }
        return null;
    }
}
